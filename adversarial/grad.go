// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/relulab/relulab/relu"
)

// Workspace holds the buffers of batched forward and input-gradient passes
// (the n×m pre-activations and the projection coefficients), so that
// repeated passes over batches of one size do not allocate. The zero value is
// ready to use. A Workspace must not be used by two goroutines at once.
type Workspace struct {
	z    *mat.Dense
	coef *mat.Dense
	sa   []float64
}

func (w *Workspace) preact(n, m int) *mat.Dense {
	if w.z == nil {
		w.z = mat.NewDense(n, m, nil)
	} else if r, c := w.z.Dims(); r != n || c != m {
		w.z = mat.NewDense(n, m, nil)
	}
	return w.z
}

// InputGrad computes, in one forward and one backward pass over the n×d
// batch X, the outputs f(x_i) (stored in f, length n) and the input
// gradients
//
//	∇ₓf(x_i) = s Σ_r a_r 1{w_r·x_i + b_r > 0} w_r
//
// (stored as the rows of G, n×d). Nil destinations are allocated; both are
// returned. The pass costs two n×d×m matrix products and, once the
// Workspace has grown, allocates nothing. InputGrad panics on a shape
// mismatch.
func (w *Workspace) InputGrad(G *mat.Dense, f []float64, net *relu.Net, X mat.Matrix) (*mat.Dense, []float64) {
	return w.lossGrad(G, f, net, X, nil, nil)
}

// lossGrad is InputGrad with the gradient rows scaled by c_i = weight(i,
// f(x_i)) when weight is non-nil (for losses ℓ(y f): c_i = y_i ℓ′(y_i f_i)),
// and with the rows then projected by p.
func (w *Workspace) lossGrad(G *mat.Dense, f []float64, net *relu.Net, X mat.Matrix, weight func(i int, fi float64) float64, p *Projector) (*mat.Dense, []float64) {
	m, d := net.Dims()
	n, c := X.Dims()
	if c != d {
		panic("adversarial: input dimension mismatch")
	}
	if len(net.A) != m {
		panic("adversarial: output weights have wrong length")
	}
	if net.B != nil && len(net.B) != m {
		panic("adversarial: biases have wrong length")
	}
	if G == nil {
		G = mat.NewDense(n, d, nil)
	} else if r, cc := G.Dims(); r != n || cc != d {
		panic("adversarial: gradient destination has wrong shape")
	}
	if f == nil {
		f = make([]float64, n)
	} else if len(f) != n {
		panic("adversarial: output destination has wrong length")
	}
	z := w.preact(n, m)
	z.Mul(X, net.W.T())
	if len(w.sa) != m {
		w.sa = make([]float64, m)
	}
	floats.ScaleTo(w.sa, net.Scale, net.A)
	raw := z.RawMatrix()
	// One pass per row adds the bias, accumulates f and overwrites the
	// pre-activations with D[i,r] = c_i s a_r 1{z > 0}; rows are split among
	// goroutines (each row is independent, so results do not depend on the
	// split).
	rows := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+m]
			sum := activate(row, net.B, net.A, w.sa)
			fi := net.Scale * sum
			f[i] = fi
			if weight != nil {
				floats.Scale(weight(i, fi), row)
			}
		}
	}
	parallelRows(n, m, rows)
	G.Mul(z, net.W)
	w.coef = p.apply(G, w.coef)
	return G, f
}

// activate overwrites the pre-activations z (without bias) in row with
// sa_r 1{z_r + b_r > 0} and returns Σ_r a_r relu(z_r + b_r). b may be nil.
// It is branch-free: the mask of 0 − v has its sign bit set exactly when
// v > 0 (for v = ±0 it is +0), so relu′(0) = 0 as in package relu, and
// random activation patterns cost no mispredicted branches.
func activate(row, b, a, sa []float64) float64 {
	a, sa = a[:len(row)], sa[:len(row)]
	var sum float64
	if b == nil {
		for r, v := range row {
			mask := uint64(int64(math.Float64bits(0-v)) >> 63)
			sum += a[r] * math.Float64frombits(math.Float64bits(v)&mask)
			row[r] = math.Float64frombits(math.Float64bits(sa[r]) & mask)
		}
		return sum
	}
	b = b[:len(row)]
	for r, v := range row {
		v += b[r]
		mask := uint64(int64(math.Float64bits(0-v)) >> 63)
		sum += a[r] * math.Float64frombits(math.Float64bits(v)&mask)
		row[r] = math.Float64frombits(math.Float64bits(sa[r]) & mask)
	}
	return sum
}

// sigmoid returns 1/(1+e^{−t}) without overflow.
func sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}

// logisticWeight returns the weights c_i = −y_i σ(−y_i f_i), so that
// c_i ∇f(x_i) is the input gradient of the logistic loss log(1 + e^{−y_i f(x_i)}).
func logisticWeight(y []float64) func(int, float64) float64 {
	return func(i int, fi float64) float64 { return -y[i] * sigmoid(-y[i]*fi) }
}

// Split is the decomposition of input gradients g_i into their parts in a
// subspace P and its complement P⊥: per point the norms ‖P g_i‖, ‖P⊥ g_i‖
// and the ratio ‖P⊥ g_i‖/‖P g_i‖ (+Inf when ‖P g_i‖ = 0 < ‖P⊥ g_i‖, and 0
// when both vanish).
type Split struct {
	Par, Perp, Ratio []float64
}

// SplitRows splits the rows g_i of the n×d matrix G with the projection
// onto P, given as a Projector (see Onto and OntoComplement): P g_i = Π g_i
// and P⊥ g_i = g_i − Π g_i. G is not modified. A nil onP means P = R^d.
// SplitRows panics if the projector's basis does not have d rows.
func SplitRows(G mat.Matrix, onP *Projector) Split {
	n, d := G.Dims()
	par := onP.Project(nil, G)
	sp := Split{Par: make([]float64, n), Perp: make([]float64, n), Ratio: make([]float64, n)}
	perp := make([]float64, d)
	for i := 0; i < n; i++ {
		pr := par.RawRowView(i)
		for j := range perp {
			perp[j] = G.At(i, j) - pr[j]
		}
		sp.Par[i] = floats.Norm(pr, 2)
		sp.Perp[i] = floats.Norm(perp, 2)
		switch {
		case sp.Par[i] > 0:
			sp.Ratio[i] = sp.Perp[i] / sp.Par[i]
		case sp.Perp[i] > 0:
			sp.Ratio[i] = math.Inf(1)
		}
	}
	return sp
}

// GradSplit computes the input gradients of net at the rows of X and splits
// them onto P and P⊥ (see SplitRows). It panics if X does not have d columns
// or the projector's basis does not have d rows.
func GradSplit(net *relu.Net, X mat.Matrix, onP *Projector) Split {
	var w Workspace
	G, _ := w.InputGrad(nil, nil, net, X)
	return SplitRows(G, onP)
}

// Medians returns the medians of the three columns of the split.
func (s Split) Medians() (par, perp, ratio float64) {
	return median(s.Par), median(s.Perp), median(s.Ratio)
}

// median returns the median of x (the lower middle element for even length,
// stat.Quantile's Empirical rule), or 0 for empty x. x is not modified.
func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := append([]float64(nil), x...)
	sortFloats(s)
	return stat.Quantile(0.5, stat.Empirical, s, nil)
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/relulab/relulab/relu"
)

// ErrNotFinite is wrapped by the errors returned when a batch, a direction
// or the network holds NaN or ±Inf, or when f overflows, at some point of a
// batch.
var ErrNotFinite = errors.New("adversarial: non-finite value")

// ErrEmpty is wrapped by the errors returned for an empty batch.
var ErrEmpty = errors.New("adversarial: empty batch")

// Workspace holds the buffers of batched forward and input-gradient passes
// (the n×m pre-activations and the projection coefficients), so that
// repeated passes over batches of one size do not allocate. The zero value is
// ready to use. A Workspace must not be used by two goroutines at once.
type Workspace struct {
	z    *mat.Dense
	coef *mat.Dense
	sa   []float64

	// The arguments of the current pass, for activateRows, and that
	// method's value, made once.
	net    *relu.Net
	f      []float64
	weight func(i int, fi float64) float64
	rows   func(lo, hi int)
}

// InputGrad computes, in one forward and one backward pass over the n×d
// batch X, the outputs f(x_i) (stored in f, length n) and the input
// gradients
//
//	∇ₓf(x_i) = s Σ_r a_r 1{w_r·x_i + b_r > 0} w_r
//
// (stored as the rows of G, n×d), as relu.Net.InputGrad does, but also
// returning f and reusing its buffers: the pass costs two n×d×m matrix
// products and, once the Workspace has grown, allocates nothing (apart from
// starting one goroutine per core for the elementwise pass on large
// batches). Nil destinations are allocated and empty ones resized; both are
// returned. X may be G itself.
//
// InputGrad returns an error wrapping ErrEmpty if X has no rows, and one
// wrapping ErrNotFinite, naming the first such row, if a pre-activation or
// an output is NaN or ±Inf (non-finite X or network, or overflow). It
// panics on a shape mismatch.
func (w *Workspace) InputGrad(G *mat.Dense, f []float64, net *relu.Net, X mat.Matrix) (*mat.Dense, []float64, error) {
	return w.lossGrad(G, f, net, X, nil, nil)
}

// lossGrad is InputGrad with the gradient rows scaled by c_i = weight(i,
// f(x_i)) when weight is non-nil (for losses ℓ(y f): c_i = y_i ℓ′(y_i f_i)),
// and with the rows then projected by p.
func (w *Workspace) lossGrad(G *mat.Dense, f []float64, net *relu.Net, X mat.Matrix, weight func(i int, fi float64) float64, p *Projector) (*mat.Dense, []float64, error) {
	m, d := net.Dims()
	n, c := X.Dims()
	if n == 0 {
		return G, f, ErrEmpty
	}
	if c != d {
		panic("adversarial: input dimension mismatch")
	}
	if len(net.A) != m {
		panic("adversarial: output weights have wrong length")
	}
	if net.B != nil && len(net.B) != m {
		panic("adversarial: biases have wrong length")
	}
	G = ensureDst(G, n, d)
	if f == nil {
		f = make([]float64, n)
	} else if len(f) != n {
		panic("adversarial: output destination has wrong length")
	}
	w.z = ensure(w.z, n, m)
	if xd, ok := X.(*mat.Dense); ok {
		// Z = X Wᵀ without the Transpose wrapper, which would escape.
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, xd.RawMatrix(), net.W.RawMatrix(), 0, w.z.RawMatrix())
	} else {
		w.z.Mul(X, net.W.T())
	}
	if len(w.sa) != m {
		w.sa = make([]float64, m)
	}
	floats.ScaleTo(w.sa, net.Scale, net.A)
	// One pass per row adds the bias, accumulates f and overwrites the
	// pre-activations with D[i,r] = c_i s a_r 1{z > 0}; rows are split among
	// goroutines (each row is independent, so results do not depend on the
	// split). A row with a non-finite pre-activation gets f = NaN. The
	// arguments go through the Workspace so that the row function, made
	// once, does not allocate a closure per pass.
	w.net, w.f, w.weight = net, f, weight
	if w.rows == nil {
		w.rows = w.activateRows
	}
	parallelRows(n, m, w.rows)
	w.net, w.f, w.weight = nil, nil, nil
	for i, v := range f {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return G, f, fmt.Errorf("%w: f(x_%d) = %v (NaN or ±Inf in the batch or the network, or overflow)", ErrNotFinite, i, v)
		}
	}
	G.Mul(w.z, net.W)
	w.coef = p.apply(G, w.coef)
	return G, f, nil
}

// activateRows runs activate on the rows lo…hi−1 of the pass set up by
// lossGrad.
func (w *Workspace) activateRows(lo, hi int) {
	raw, net, f := w.z.RawMatrix(), w.net, w.f
	m := raw.Cols
	for i := lo; i < hi; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+m]
		sum, nan := activate(row, net.B, net.A, w.sa)
		fi := net.Scale * sum
		if nan != 0 {
			fi = math.NaN()
		}
		f[i] = fi
		if w.weight != nil {
			floats.Scale(w.weight(i, fi), row)
		}
	}
}

// activate overwrites the pre-activations z (without bias) in row with
// sa_r 1{z_r + b_r > 0} and returns Σ_r a_r relu(z_r + b_r), and a value
// that is 0 when every z_r + b_r is finite (NaN otherwise). b may be nil.
// It is branch-free: the mask of 0 − v has its sign bit set exactly when
// v > 0 (for v = ±0 it is +0), so relu′(0) = 0 as in package relu, and
// random activation patterns cost no mispredicted branches. The mask drops
// a NaN with a clear sign bit, so non-finite values are caught by the
// second sum of v·0 instead.
func activate(row, b, a, sa []float64) (sum, nan float64) {
	a, sa = a[:len(row)], sa[:len(row)]
	if b == nil {
		for r, v := range row {
			mask := uint64(int64(math.Float64bits(0-v)) >> 63)
			sum += a[r] * math.Float64frombits(math.Float64bits(v)&mask)
			nan += v * 0
			row[r] = math.Float64frombits(math.Float64bits(sa[r]) & mask)
		}
		return sum, nan
	}
	b = b[:len(row)]
	for r, v := range row {
		v += b[r]
		mask := uint64(int64(math.Float64bits(0-v)) >> 63)
		sum += a[r] * math.Float64frombits(math.Float64bits(v)&mask)
		nan += v * 0
		row[r] = math.Float64frombits(math.Float64bits(sa[r]) & mask)
	}
	return sum, nan
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
// G should be finite (as the gradients of InputGrad and GradSplit are): a
// NaN or ±Inf entry makes the norms of its row NaN or +Inf. SplitRows
// panics if the projector's basis does not have d rows.
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
// them onto P and P⊥ (see SplitRows). It returns the errors of
// Workspace.InputGrad (empty or non-finite batch). It panics if X does not
// have d columns or the projector's basis does not have d rows.
func GradSplit(net *relu.Net, X mat.Matrix, onP *Projector) (Split, error) {
	var w Workspace
	G, _, err := w.InputGrad(nil, nil, net, X)
	if err != nil {
		return Split{}, err
	}
	return SplitRows(G, onP), nil
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
	slices.Sort(s)
	return stat.Quantile(0.5, stat.Empirical, s, nil)
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Net is a two-layer ReLU network
//
//	f(x) = Scale · Σ_r A[r] relu(W[r,:]·x + B[r]).
//
// W is m×d with rows as neurons. B is nil (no biases) or has length m.
// A has length m. Scale is the output scale s: 1/√m for the NTK
// parametrization, 1 for the standard one.
type Net struct {
	W     *mat.Dense
	B     []float64
	A     []float64
	Scale float64
}

// Dims returns the width m and the input dimension d of the network.
func (n *Net) Dims() (m, d int) {
	return n.W.Dims()
}

// check panics if the network's fields have inconsistent shapes.
func (n *Net) check() {
	if n.W == nil {
		panic("relu: nil first-layer weights W")
	}
	m, _ := n.W.Dims()
	if len(n.A) != m {
		panic("relu: output weights A have wrong length")
	}
	if n.B != nil && len(n.B) != m {
		panic("relu: biases B have wrong length")
	}
}

// Clone returns a deep copy of the network.
func (n *Net) Clone() *Net {
	c := &Net{W: mat.DenseCopyOf(n.W), A: append([]float64(nil), n.A...), Scale: n.Scale}
	if n.B != nil {
		c.B = append([]float64(nil), n.B...)
	}
	return c
}

// Preactivations stores Z = X Wᵀ + 1bᵀ (n×m, Z[i,r] = w_r·x_i + b_r) in dst
// and returns it, with one matrix product (BLAS Dgemm). If dst is nil a new
// matrix is allocated and if it is empty it is resized; otherwise it must be
// n×m. dst must not share storage with X or W. Preactivations panics if X
// has no rows or does not have d columns, or if the network's fields have
// inconsistent shapes.
func (n *Net) Preactivations(dst *mat.Dense, X mat.Matrix) *mat.Dense {
	n.check()
	m, d := n.W.Dims()
	r, c := X.Dims()
	if c != d {
		panic("relu: input dimension mismatch")
	}
	if r == 0 {
		panic("relu: empty batch")
	}
	dst = shapeDense(dst, r, m)
	if xd, ok := X.(*mat.Dense); ok {
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, xd.RawMatrix(), n.W.RawMatrix(), 0, dst.RawMatrix())
	} else {
		dst.Mul(X, n.W.T())
	}
	if n.B != nil {
		raw := dst.RawMatrix()
		for i := 0; i < r; i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+m]
			for j, b := range n.B {
				row[j] += b
			}
		}
	}
	return dst
}

// Forward computes f(x_i) for every row x_i of the n×d batch X, stores the
// outputs in dst and returns it. If dst is nil a new slice is allocated; a
// non-nil dst must have length n. Forward panics if X has no rows or does not
// have d columns. Forward allocates the n×m preactivations; to evaluate
// repeatedly without allocation use LossGrad with a Workspace and read
// Workspace.Outputs.
// The outputs are bit for bit those that LossGrad computes. Forward returns
// no error: non-finite inputs or parameters give non-finite outputs (a NaN
// preactivation gives a NaN output, never an inactive neuron), which LossGrad
// and Trainer report as errors.
func (n *Net) Forward(dst []float64, X mat.Matrix) []float64 {
	Z := n.Preactivations(nil, X)
	return n.forwardFrom(dst, Z)
}

// forwardFrom computes the outputs f_i = s Σ_r a_r relu(z_ir) from the
// preactivations Z, which it does not modify.
func (n *Net) forwardFrom(dst []float64, Z *mat.Dense) []float64 {
	r, m := Z.Dims()
	if dst == nil {
		dst = make([]float64, r)
	} else if len(dst) != r {
		panic("relu: destination has wrong length")
	}
	raw := Z.RawMatrix()
	for i := 0; i < r; i++ {
		dst[i] = n.output(raw.Data[i*raw.Stride : i*raw.Stride+m])
	}
	return dst
}

// output returns s Σ_r a_r relu(z_r) for one row of preactivations, or NaN
// if some z_r is NaN: a NaN preactivation (from NaN weights or inputs) must
// not pass for an inactive neuron.
func (n *Net) output(z []float64) float64 {
	var f float64
	for j, v := range z {
		if v > 0 {
			f += n.A[j] * v
		} else if v != v {
			return math.NaN()
		}
	}
	return n.Scale * f
}

// InputGrad stores the input gradients ∇_x f(x_i) of every row x_i of X as
// the rows of dst (n×d) and returns it:
//
//	∇_x f(x) = s · Σ_r a_r 1{w_r·x + b_r > 0} w_r,
//
// computed for the whole batch as one product D W with
// D[i,r] = s a_r 1{Z[i,r] > 0} (relu′(0) = 0). For the gradient of a loss,
// ∂ℓ(f(x_i), y_i)/∂x_i, use LossGrad with Grad.X. If dst is nil a new matrix
// is allocated and if it is empty it is resized; otherwise it must be n×d.
// A NaN preactivation z_ir makes row i of dst NaN. InputGrad panics if X
// does not have d columns.
func (n *Net) InputGrad(dst *mat.Dense, X mat.Matrix) *mat.Dense {
	Z := n.Preactivations(nil, X)
	r, m := Z.Dims()
	_, d := n.W.Dims()
	dst = shapeDense(dst, r, d)
	raw := Z.RawMatrix()
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+m]
		for j, z := range row {
			switch {
			case z > 0:
				row[j] = n.Scale * n.A[j]
			case z != z:
				row[j] = math.NaN() // propagate, not an inactive neuron
			default:
				row[j] = 0
			}
		}
	}
	dst.Mul(Z, n.W)
	return dst
}

// shapeDense returns dst shaped r×c: a new matrix if dst is nil, dst resized
// if it is empty, and dst itself if it has that shape. It panics otherwise.
func shapeDense(dst *mat.Dense, r, c int) *mat.Dense {
	switch {
	case dst == nil:
		return mat.NewDense(r, c, nil)
	case dst.IsEmpty():
		dst.ReuseAs(r, c)
		return dst
	}
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic("relu: destination has wrong shape")
	}
	return dst
}

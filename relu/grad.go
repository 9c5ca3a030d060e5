// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrNotFinite is returned (wrapped) when data, a parameter, an output or a
// loss is NaN or ±Inf; the error says which and where.
var ErrNotFinite = errors.New("relu: non-finite value")

// Layers is a set of parameter groups of a Net.
type Layers uint8

// The parameter groups of a Net.
const (
	LayerW Layers = 1 << iota // first-layer weights W
	LayerB                    // biases b
	LayerA                    // output weights a
)

// Grad holds the gradient of a batch loss L = Σ_i ℓ(f(x_i), y_i). A nil field
// is neither computed nor touched.
type Grad struct {
	W *mat.Dense // m×d, ∂L/∂W; row r is ∂L/∂w_r
	B []float64  // length m, ∂L/∂b
	A []float64  // length m, ∂L/∂a
	X *mat.Dense // n×d, row i is ∂L/∂x_i = ∂ℓ(f(x_i), y_i)/∂x_i
}

// NewGrad returns a Grad for net with the fields of the given layers
// allocated (B only if net has biases). The input gradient X is left nil.
func NewGrad(net *Net, layers Layers) *Grad {
	net.check()
	m, d := net.W.Dims()
	g := &Grad{}
	if layers&LayerW != 0 {
		g.W = mat.NewDense(m, d, nil)
	}
	if layers&LayerB != 0 && net.B != nil {
		g.B = make([]float64, m)
	}
	if layers&LayerA != 0 {
		g.A = make([]float64, m)
	}
	return g
}

// Workspace holds the buffers of a loss and gradient evaluation so that
// repeated calls do not allocate them (large batches, n·m ≥ 2¹⁵, start a
// goroutine per core for the elementwise pass, a few small allocations).
// The zero value is ready to use; buffers grow to the largest batch seen and
// are reused, without allocation, for smaller ones. A Workspace must not be
// used by two goroutines at once.
type Workspace struct {
	z, d     mat.Dense
	f, df, v []float64
}

// reset shapes the workspace for an n-point batch through a width-m network.
func (ws *Workspace) reset(n, m int) {
	if r, c := ws.z.Dims(); r != n || c != m {
		// Reset keeps the storage, so ReuseAs allocates only to grow it.
		ws.z.Reset()
		ws.z.ReuseAs(n, m)
		ws.d.Reset()
		ws.d.ReuseAs(n, m)
	}
	ws.f = resize(ws.f, n)
	ws.df = resize(ws.df, n)
	ws.v = resize(ws.v, n)
}

// resize returns v with length n, reusing its storage if it is large enough.
func resize(v []float64, n int) []float64 {
	if cap(v) < n {
		return make([]float64, n)
	}
	return v[:n]
}

// Preactivations returns the n×m preactivations Z = X Wᵀ + 1bᵀ of the last
// LossGrad call that used ws. The matrix is owned by ws and is overwritten by
// the next call.
func (ws *Workspace) Preactivations() *mat.Dense { return &ws.z }

// Outputs returns the outputs f(x_i) of the last LossGrad call that used ws.
// The slice is owned by ws and is overwritten by the next call.
func (ws *Workspace) Outputs() []float64 { return ws.f }

// LossGrad returns the batch loss L = Σ_i ℓ(f(x_i), y_i) of the n×d batch X
// with labels y, and stores its gradient in the non-nil fields of g (g may
// be nil for the loss alone). With D[i,r] = ∂ℓ/∂f(x_i) · s a_r 1{z_ir > 0}
// (relu′(0) = 0) and Z = X Wᵀ + 1bᵀ,
//
//	∂L/∂W = Dᵀ X,   ∂L/∂b = Dᵀ 1,   ∂L/∂a_r = s Σ_i ∂ℓ/∂f(x_i) relu(z_ir),   ∂L/∂X = D W,
//
// each computed for the whole batch with one matrix product. The gradient
// fields are overwritten, not accumulated. ws holds the buffers (nil
// allocates a temporary one).
//
// LossGrad returns an error wrapping ErrNotFinite, with g's contents
// unspecified, if L is NaN or ±Inf; it names the first non-finite label,
// input, parameter, output or per-sample loss. It panics if X has no rows,
// if the shapes of X, y, the network or the fields of g do not match, or if
// g.B is non-nil for a network without biases.
func (n *Net) LossGrad(g *Grad, loss Loss, X mat.Matrix, y []float64, ws *Workspace) (float64, error) {
	return n.lossGrad(g, loss, X, y, ws, false)
}

// lossGrad is LossGrad that, with wantD, also leaves the matrix D in ws.d
// when g has no field that needs it (Trainer multiplies Dᵀ·X into W itself).
func (n *Net) lossGrad(g *Grad, loss Loss, X mat.Matrix, y []float64, ws *Workspace, wantD bool) (float64, error) {
	n.check()
	m, d := n.W.Dims()
	r, c := X.Dims()
	if c != d {
		panic("relu: input dimension mismatch")
	}
	if len(y) != r {
		panic("relu: label length mismatch")
	}
	if r == 0 {
		panic("relu: empty batch")
	}
	if g == nil {
		g = &Grad{}
	}
	if g.W != nil {
		if gr, gc := g.W.Dims(); gr != m || gc != d {
			panic("relu: gradient W has wrong shape")
		}
	}
	if g.B != nil && (n.B == nil || len(g.B) != m) {
		panic("relu: gradient B has wrong length or network has no biases")
	}
	if g.A != nil && len(g.A) != m {
		panic("relu: gradient A has wrong length")
	}
	if g.X != nil {
		if gr, gc := g.X.Dims(); gr != r || gc != d {
			panic("relu: gradient X has wrong shape")
		}
	}
	if ws == nil {
		ws = &Workspace{}
	}
	ws.reset(r, m)
	Z := n.Preactivations(&ws.z, X)

	// One pass over the rows of Z, while each is in cache, split over
	// goroutines by rows (each row's results depend on that row alone, so
	// they do not depend on the split): the output f_i = s Σ_r a_r relu(z_ir),
	// the loss and ℓ′_i, and the row of D[i,r] = ℓ′_i s a_r 1{z_ir > 0}.
	zr := Z.RawMatrix()
	dr := ws.d.RawMatrix()
	s := n.Scale
	pass := rowPass{net: n, loss: loss, y: y, z: zr, d: dr, ws: ws, needD: wantD || g.W != nil || g.X != nil || g.B != nil}
	if r*m < parallelMinWork || runtime.GOMAXPROCS(0) == 1 || r == 1 {
		pass.run(0, r)
	} else {
		p := pass // only this copy escapes to the goroutines
		parallelRange(r, func(lo, hi int) { p.run(lo, hi) })
	}
	// The sums over rows, in row order.
	var L float64
	for _, v := range ws.v {
		L += v
	}
	if g.B != nil {
		clear(g.B)
		for i := 0; i < r; i++ {
			floats.Add(g.B, dr.Data[i*dr.Stride:i*dr.Stride+m])
		}
	}
	if g.A != nil {
		clear(g.A)
		for i := 0; i < r; i++ {
			ls := ws.df[i] * s
			for j, z := range zr.Data[i*zr.Stride : i*zr.Stride+m] {
				if z > 0 {
					g.A[j] += ls * z
				}
			}
		}
	}
	if !isFinite(L) {
		return L, fmt.Errorf("relu: loss is %v: %s: %w", L, n.nonFiniteCause(X, y, ws), ErrNotFinite)
	}
	if g.W != nil {
		if xd, ok := X.(*mat.Dense); ok {
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, ws.d.RawMatrix(), xd.RawMatrix(), 0, g.W.RawMatrix())
		} else {
			g.W.Mul(ws.d.T(), X)
		}
	}
	if g.X != nil {
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, ws.d.RawMatrix(), n.W.RawMatrix(), 0, g.X.RawMatrix())
	}
	return L, nil
}

// isFinite reports whether v is neither NaN nor ±Inf.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// nonFiniteCause says where a non-finite loss comes from: the first
// non-finite label, input, parameter, output or per-sample loss, in that
// order. It is called only on failure, so the training loop pays nothing.
func (n *Net) nonFiniteCause(X mat.Matrix, y []float64, ws *Workspace) string {
	for i, v := range y {
		if !isFinite(v) {
			return fmt.Sprintf("label y[%d] = %v", i, v)
		}
	}
	if at, ok := firstNonFinite(X); ok {
		return "input X" + at
	}
	if at, ok := firstNonFinite(n.W); ok {
		return "weight W" + at
	}
	for r, v := range n.B {
		if !isFinite(v) {
			return fmt.Sprintf("bias b[%d] = %v", r, v)
		}
	}
	for r, v := range n.A {
		if !isFinite(v) {
			return fmt.Sprintf("output weight a[%d] = %v", r, v)
		}
	}
	if !isFinite(n.Scale) {
		return fmt.Sprintf("output scale %v", n.Scale)
	}
	for i, f := range ws.f {
		if !isFinite(f) {
			return fmt.Sprintf("output f(x_%d) = %v overflows", i, f)
		}
	}
	for i, v := range ws.v {
		if !isFinite(v) {
			return fmt.Sprintf("loss of sample %d = %v at output %v, label %v", i, v, ws.f[i], y[i])
		}
	}
	return "the sum of the per-sample losses overflows"
}

// firstNonFinite returns "[i,j] = v" for the first NaN or ±Inf entry of a in
// row-major order.
func firstNonFinite(a mat.Matrix) (string, bool) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := a.At(i, j); !isFinite(v) {
				return fmt.Sprintf("[%d,%d] = %v", i, j, v), true
			}
		}
	}
	return "", false
}

// Margin returns min_i y_i f(x_i) over the n×d batch X with labels y. It
// panics if the shapes do not match or the batch is empty.
func (n *Net) Margin(X mat.Matrix, y []float64) float64 {
	f := n.Forward(nil, X)
	if len(y) != len(f) {
		panic("relu: label length mismatch")
	}
	if len(f) == 0 {
		panic("relu: empty batch")
	}
	return minMargin(f, y)
}

func minMargin(f, y []float64) float64 {
	mm := math.Inf(1)
	for i, v := range f {
		mm = math.Min(mm, y[i]*v)
	}
	return mm
}

// rowPass computes, for rows [lo, hi) of Z, the outputs, losses and loss
// derivatives, and (if needD) the rows of D.
type rowPass struct {
	net   *Net
	loss  Loss
	y     []float64
	z, d  blas64.General
	ws    *Workspace
	needD bool
}

func (p *rowPass) run(lo, hi int) {
	m, s, ws := p.z.Cols, p.net.Scale, p.ws
	for i := lo; i < hi; i++ {
		row := p.z.Data[i*p.z.Stride : i*p.z.Stride+m]
		f := p.net.output(row)
		ws.f[i] = f
		ws.v[i], ws.df[i] = p.loss.Eval(f, p.y[i])
		if !p.needD {
			continue
		}
		ls := ws.df[i] * s
		drow := p.d.Data[i*p.d.Stride : i*p.d.Stride+m]
		for j, z := range row {
			if z > 0 {
				drow[j] = ls * p.net.A[j]
			} else {
				drow[j] = 0
			}
		}
	}
}

// parallelMinWork is the number of elements below which the row pass runs
// serially: smaller passes take microseconds, less than starting goroutines.
const parallelMinWork = 1 << 15

// parallelRange calls f on GOMAXPROCS contiguous blocks [lo, hi) covering
// [0, n), each on its own goroutine. f must write only to the rows of its
// block.
func parallelRange(n int, f func(lo, hi int)) {
	p := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	for w := 0; w < p; w++ {
		lo, hi := w*n/p, (w+1)*n/p
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}

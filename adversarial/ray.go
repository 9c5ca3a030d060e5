// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// RayFlip returns, for every row x_i of the n×d batch X with label y_i and
// direction v_i (row i of V, n×d), the exact smallest distance
//
//	t_i = min{t ≥ 0 : y_i f(x_i + t v_i/‖v_i‖) ≤ 0},
//
// or +Inf if the sign never flips along the ray. Along a ray every
// pre-activation is affine in t, z_r(t) = z_r + t c_r with c_r = w_r·v̂, so
// f is piecewise linear with breakpoints t_r = −z_r/c_r. RayFlip sorts the
// breakpoints and walks the linear pieces, O(m log m) per point after two
// n×d×m products; the crossing is recomputed exactly from the activation
// pattern of its piece. Points already misclassified (y_i f(x_i) ≤ 0) get
// t_i = 0, a zero direction gives +Inf unless the point is misclassified.
// The boundary point x_i + t_i v̂_i is exact up to rounding: f changes sign
// there, so y_i f is positive just before it and non-positive just after
// it (unless the ray only touches the boundary).
//
// RayFlip returns an error wrapping ErrEmpty for an empty batch and one
// wrapping ErrNotFinite if X, V or a pre-activation holds NaN or ±Inf. It
// panics on a shape mismatch or labels other than ±1.
func RayFlip(net *relu.Net, X, V mat.Matrix, y []float64) ([]float64, error) {
	n, d := X.Dims()
	if r, c := V.Dims(); r != n || c != d {
		panic("adversarial: RayFlip: directions have wrong shape")
	}
	checkLabels(y, n)
	if n == 0 {
		return nil, ErrEmpty
	}
	if err := checkFinite("X", X); err != nil {
		return nil, err
	}
	if err := checkFinite("V", V); err != nil {
		return nil, err
	}
	m, _ := net.Dims()
	if err := checkFinite("output weights and scale", mat.NewVecDense(m+1, append(net.A[:m:m], net.Scale))); err != nil {
		return nil, err
	}
	Vn := mat.DenseCopyOf(V)
	vnorm := make([]float64, n)
	for i := 0; i < n; i++ {
		row := Vn.RawRowView(i)
		vnorm[i] = rowNorm(row)
		if math.IsInf(vnorm[i], 1) {
			// ‖v‖² overflows: rescale first.
			floats.Scale(1/floats.Norm(row, math.Inf(1)), row)
			vnorm[i] = rowNorm(row)
		}
		if vnorm[i] > 0 {
			floats.Scale(1/vnorm[i], row)
		}
	}
	Z := net.Preactivations(nil, X)
	var C mat.Dense
	C.Mul(Vn, net.W.T())
	if err := checkFinite("pre-activations", Z); err != nil {
		return nil, err
	}
	if err := checkFinite("slopes Wv̂", &C); err != nil {
		return nil, err
	}
	t := make([]float64, n)
	ws := &rayWork{idx: make([]int, 0, m), bp: make([]float64, m)}
	for i := 0; i < n; i++ {
		t[i] = ws.flip(net, Z.RawRowView(i), C.RawRowView(i), y[i], vnorm[i] == 0)
	}
	return t, nil
}

type rayWork struct {
	idx []int
	bp  []float64
}

// flip walks one ray with pre-activations z and slopes c.
func (w *rayWork) flip(net *relu.Net, z, c []float64, y float64, zeroDir bool) float64 {
	s := net.Scale
	a := net.A
	var f0 float64
	for r, v := range z {
		if v > 0 {
			f0 += a[r] * v
		}
	}
	f0 *= s
	if y*f0 <= 0 {
		return 0
	}
	if zeroDir {
		return math.Inf(1)
	}
	// Slope of y f just after t = 0, and the breakpoints ahead.
	// magZ and magC bound the magnitudes of the terms of f along the ray,
	// for the rounding tolerance of the incremental walk.
	var slope, magZ, magC float64
	w.idx = w.idx[:0]
	for r := range z {
		magZ += math.Abs(a[r] * z[r])
		magC += math.Abs(a[r] * c[r])
		if active(z[r], c[r]) {
			slope += a[r] * c[r]
		}
		if c[r] != 0 {
			if tb := -z[r] / c[r]; tb > 0 {
				w.bp[r] = tb
				w.idx = append(w.idx, r)
			}
		}
	}
	slope *= s * y
	slices.SortFunc(w.idx, func(p, q int) int {
		switch {
		case w.bp[p] < w.bp[q]:
			return -1
		case w.bp[p] > w.bp[q]:
			return 1
		}
		return p - q
	})
	// The incremental values carry rounding errors of at most a few ulps
	// of the m-term sums per step; a value within tol of zero is settled
	// by recomputing the piece exactly, so that a ray that only touches the
	// boundary (f ≡ 0 on a piece) is not missed.
	tol := 4 * eps64 * float64(len(z)) * math.Abs(s)
	tPrev, val := 0.0, y*f0
	for _, r := range w.idx {
		tb := w.bp[r]
		next := val + slope*(tb-tPrev)
		if next <= tol*(magZ+tb*magC) {
			if t := w.exact(net, z, c, y, tPrev, tb); t < tb || next <= 0 {
				return t
			}
			// A touch within rounding: f(tb) is 0 up to tol, so the
			// boundary is reached at tb.
			return tb
		}
		val = next
		tPrev = tb
		// Neuron r switches on (c > 0) or off (c < 0) at tb.
		if c[r] > 0 {
			slope += s * y * a[r] * c[r]
		} else {
			slope -= s * y * a[r] * c[r]
		}
	}
	if slope < 0 {
		return w.exact(net, z, c, y, tPrev, math.Inf(1))
	}
	return math.Inf(1)
}

// active reports whether a neuron with pre-activation z + t c is active for
// small t > 0.
func active(z, c float64) bool { return z > 0 || (z == 0 && c > 0) }

// exact returns the zero of y f on the linear piece (t0, t1), recomputing
// its value and slope from the activation pattern at an interior point.
func (w *rayWork) exact(net *relu.Net, z, c []float64, y, t0, t1 float64) float64 {
	tm := t0 + 1
	if !math.IsInf(t1, 1) {
		tm = (t0 + t1) / 2
	}
	var val, slope float64
	for r := range z {
		if z[r]+tm*c[r] > 0 {
			val += net.A[r] * (z[r] + t0*c[r])
			slope += net.A[r] * c[r]
		}
	}
	val *= y * net.Scale
	slope *= y * net.Scale
	if val <= 0 {
		return t0
	}
	if slope >= 0 {
		// Rounding hid the crossing at the piece's end.
		return t1
	}
	t := t0 - val/slope
	return math.Min(math.Max(t, t0), t1)
}

// Ray is the exact minimal-flip attack along the (projected) gradient
// direction v = −y Π∇f(x): the point is moved to the first sign change of
// f on the ray (RayFlip), times 1 + Overshoot.
type Ray struct {
	// Overshoot η scales the step to (1 + η) t so the sign flips strictly;
	// zero means 0.02.
	Overshoot float64
	// Restrict, if non-nil, confines the direction to the range of the
	// projector.
	Restrict *Projector
}

// Attack stores the adversarial points x_i + (1 + η) t_i v̂_i in dst (n×d;
// allocated if nil, resized if empty) and returns dst and the exact flip
// distances t_i along the rays (+Inf where the ray never flips the sign;
// such points are left unchanged). Where the overshoot would cross the
// boundary back, η is halved until the point is flipped or (1 + η) rounds
// to 1. Attack returns the errors of Workspace.InputGrad and RayFlip
// (ErrEmpty, ErrNotFinite); dst and the distances are then unspecified. It
// panics on a shape mismatch, labels other than ±1 or Overshoot not in
// [0, ∞).
func (a *Ray) Attack(dst *mat.Dense, net *relu.Net, X mat.Matrix, y []float64) (*mat.Dense, []float64, error) {
	n, d := X.Dims()
	checkLabels(y, n)
	if !(a.Overshoot >= 0) || math.IsInf(a.Overshoot, 1) {
		panic("adversarial: Ray: Overshoot not in [0, ∞)")
	}
	var w Workspace
	G, _, err := w.lossGrad(nil, nil, net, X, func(i int, _ float64) float64 { return -y[i] }, a.Restrict)
	if err != nil {
		return dst, nil, err
	}
	t, err := RayFlip(net, X, G, y)
	if err != nil {
		return dst, nil, err
	}
	eta := a.Overshoot
	if eta == 0 {
		eta = 0.02
	}
	// The steps t_i v̂_i, zero where no flip was found.
	for i := 0; i < n; i++ {
		v := G.RawRowView(i)
		nrm := rowNorm(v)
		step := 0.0
		if nrm > 0 && t[i] > 0 && !math.IsInf(t[i], 1) {
			step = t[i] / nrm
		}
		floats.Scale(step, v)
	}
	return overshoot(ensureDst(dst, n, d), net, X, y, G, eta), t, nil
}

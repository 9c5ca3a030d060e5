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

	"github.com/relulab/relulab/linalg"
)

// GramInf stores the limiting NTK Gram matrix of Du et al. (2019),
//
//	H∞_ij = E_{w~N(0,I)}[x_i·x_j 1{w·x_i ≥ 0, w·x_j ≥ 0}] = x_i·x_j (π − θ_ij) / (2π),
//
// of the rows x_i of the n×d matrix X in dst and returns it; θ_ij ∈ [0, π] is
// the angle between x_i and x_j (a zero row gives a zero row of H∞). For unit
// rows θ_ij = arccos(x_i·x_j), the closed form of REFERENCE §2. The Gram
// matrix X Xᵀ is one symmetric rank-k update (BLAS Dsyrk); the rest is
// elementwise. For nearly parallel or antiparallel pairs (|cos θ_ij| >
// 0.9999), where arccos of a rounded cosine loses most digits of θ (an
// error of about ε/sin θ: with θ = 1e-9 it returns 0, and λ0 = 0 for
// distinct points), θ and π − θ are recomputed from the unit rows û, v̂ by
// the half-angle forms 2·atan2(‖û − v̂‖, ‖û + v̂‖) and 2·atan2(‖û + v̂‖,
// ‖û − v̂‖), accurate to a few ulps. If dst is nil a new matrix is
// allocated and if it is empty it is resized; otherwise it must be n×n. dst
// must not share storage with X. GramInf does not check X: NaN or ±Inf
// entries give non-finite entries of H∞, which LambdaMin and Lambda0 report
// as errors.
func GramInf(dst *mat.SymDense, X mat.Matrix) *mat.SymDense {
	n, d := X.Dims()
	dst = shapeSym(dst, n)
	raw := dst.RawSymmetric()
	// X Xᵀ into the upper triangle (β = 0: the old contents are not read,
	// and no pass zeroes dst first as SymOuterK's does).
	xd, ok := X.(*mat.Dense)
	if !ok {
		xd = mat.DenseCopyOf(X)
	}
	blas64.Syrk(blas.NoTrans, 1, xd.RawMatrix(), 0, raw)
	norm := make([]float64, n)
	for i := range norm {
		norm[i] = math.Sqrt(raw.Data[i*raw.Stride+i])
	}
	// near[i] lists the j > i whose angle with x_i is recomputed below;
	// only row i's goroutine appends to it.
	near := make([][]int, n)
	parallelRows(n, func(i int) {
		near[i] = gramRow(raw.Data[i*raw.Stride+i:i*raw.Stride+n], norm[i:], i)
	})
	// Serially, in row order: the few near-(anti)parallel pairs.
	var u, v, sum, diff []float64
	for i, js := range near {
		if len(js) == 0 {
			continue
		}
		if u == nil {
			u, v = make([]float64, d), make([]float64, d)
			sum, diff = make([]float64, d), make([]float64, d)
		}
		unitRow(u, X, i)
		for _, j := range js {
			unitRow(v, X, j)
			floats.AddTo(sum, u, v)
			floats.SubTo(diff, u, v)
			// π − θ from the half-angle form: exact to a few ulps for
			// θ near 0 and near π alike.
			piMinusTheta := 2 * math.Atan2(floats.Norm(sum, 2), floats.Norm(diff, 2))
			raw.Data[i*raw.Stride+j] *= piMinusTheta / (2 * math.Pi)
		}
	}
	return dst
}

// asinA0, …, asinA12 are the coefficients of the polynomial
// P(z) = Σ aₖzᵏ with asin(x) ≈ x + x·z·P(z), z = x², on 0 ≤ x ≤ 1/2: the
// Chebyshev fit of (asin √z − √z)/z^(3/2) on [0, 1/4] (mpmath.chebyfit at 40
// digits), whose error, 1.5e-17 relative to P, keeps the error of asin
// evaluated in float64 by gramRow below 0.62 ulp (checked against mpmath on
// 5·10⁴ points; TestGramInfAngles checks GramInf against math.Asin).
const (
	asinA0  = 0.16666666666666669
	asinA1  = 0.07499999999998433
	asinA2  = 0.04464285714635543
	asinA3  = 0.030381944138531247
	asinA4  = 0.02237217294214989
	asinA5  = 0.017352392720869973
	asinA6  = 0.013971212973552933
	asinA7  = 0.011479177415184906
	asinA8  = 0.01032281435018578
	asinA9  = 0.005457506718640358
	asinA10 = 0.01740087944269402
	asinA11 = -0.014851887071247204
	asinA12 = 0.028757851367421566
)

// piLo is π − float64(π), the rounding error of math.Pi.
const piLo = 1.2246467991473532e-16

// gramRow turns row i of the Gram matrix from its diagonal on, row[k] =
// x_i·x_j with j = i + k and norms[k] = ‖x_j‖, into H∞_ij =
// x_i·x_j·(π − θ_ij)/(2π) (on the diagonal exactly x_i·x_i/2), except for
// the nearly parallel or antiparallel pairs (|cos θ_ij| > 0.9999), whose j
// it returns, keeping x_i·x_j. The angle factor π − arccos(c) = π/2 +
// arcsin(c) of the cosine c is computed as π/2 + arcsin(c) for |c| ≤ 1/2,
// and beyond by the half-angle forms π − 2·arcsin(√((1 − c)/2)) and
// 2·arcsin(√((1 + c)/2)), where 1 ∓ c is exact, with π and π/2 carried to
// twice the precision; arcsin(x) on |x| ≤ 1/2 is x + x·z·P(z), z = x², P
// evaluated by Estrin's scheme, whose short dependency chains let
// consecutive entries overlap. Against mpmath on 3·10⁵ cosines over
// [−1, 1] (a dense sweep, random points, and the neighbours of ±1, ±½, 0)
// the factor is within 1.16 ulp; π − math.Acos(c) was off by up to 5·10⁷
// ulps near c = −1, where the factor is small. It is also several times
// faster than math.Acos.
func gramRow(row, norms []float64, i int) (near []int) {
	row[0] /= 2 // θ_ii = 0: H∞_ii = ‖x_i‖²/2, exactly half of x_i·x_i
	ni := norms[0]
	for k := 1; k < len(row); k++ {
		g := row[k]
		nn := ni * norms[k]
		if nn == 0 {
			row[k] = 0
			continue
		}
		c := g / nn
		if c > 0.9999 || c < -0.9999 {
			near = append(near, i+k) // row[k] keeps x_i·x_j
			continue
		}
		x, hi, mul, lo := c, math.Pi/2, 1.0, piLo/2
		switch {
		case c > 0.5:
			x, hi, mul, lo = math.Sqrt((1-c)*0.5), math.Pi, -2, piLo
		case c < -0.5:
			x, hi, mul, lo = math.Sqrt((1+c)*0.5), 0, 2, 0
		}
		z := x * x
		z2 := z * z
		z4 := z2 * z2
		r0 := (asinA0 + asinA1*z) + (asinA2+asinA3*z)*z2
		r1 := (asinA4 + asinA5*z) + (asinA6+asinA7*z)*z2
		r2 := (asinA8 + asinA9*z) + (asinA10+asinA11*z)*z2
		p := (r0 + r1*z4) + (r2+asinA12*z4)*(z4*z4)
		row[k] = g * ((hi + mul*(x+x*(z*p))) + lo) * (1 / (2 * math.Pi))
	}
	return near
}

// unitRow stores row i of X divided by its norm in dst.
func unitRow(dst []float64, X mat.Matrix, i int) {
	mat.Row(dst, i, X)
	floats.Scale(1/floats.Norm(dst, 2), dst)
}

// shapeSym returns dst shaped n×n: a new matrix if dst is nil, dst resized
// if it is empty, and dst itself if it has that size. It panics otherwise.
func shapeSym(dst *mat.SymDense, n int) *mat.SymDense {
	if dst == nil {
		return mat.NewSymDense(n, nil)
	}
	if dst.IsEmpty() {
		dst.ReuseAsSym(n)
		return dst
	}
	if dst.SymmetricDim() != n {
		panic("relu: destination has wrong size")
	}
	return dst
}

// parallelRows calls f(i) for i in [0, n) on up to GOMAXPROCS goroutines,
// interleaving rows so that triangular work is balanced. f must only write
// to row i, so the result does not depend on the schedule.
func parallelRows(n int, f func(i int)) {
	p := min(runtime.GOMAXPROCS(0), n)
	if p <= 1 || n < 64 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < p; w++ {
		wg.Go(func() {
			for i := w; i < n; i += p {
				f(i)
			}
		})
	}
	wg.Wait()
}

// Lambda0 returns λ0 = λ_min(H∞) of the rows of X (see GramInf), computed
// from all eigenvalues by LambdaMin. Du et al. assume λ0 > 0, which holds
// when no two rows are parallel. It returns an error wrapping ErrNotFinite
// naming the entry if X holds NaN or ±Inf, and the errors of LambdaMin.
func Lambda0(X mat.Matrix) (float64, error) {
	if at, ok := firstNonFinite(X); ok {
		return 0, fmt.Errorf("relu: λ0: X%s: %w", at, ErrNotFinite)
	}
	return LambdaMin(GramInf(nil, X))
}

// LambdaMin returns the smallest eigenvalue of the symmetric matrix H,
// computed with all eigenvalues by the values-only symmetric solver
// (linalg.EigenSym). Partial methods (linalg.MinEigenInertia, Lanczos on H
// or H⁻¹) are no faster here: the spectrum of H∞ has a dense cluster at its
// bottom edge (for n = 4000 points in d = 100, λ₁…λ₄ lie within 0.5%), where
// Lanczos needs hundreds of steps. It returns linalg's errors (wrapped) for
// an empty or non-finite H or a solver failure.
func LambdaMin(H mat.Symmetric) (float64, error) {
	e, err := linalg.EigenSym(H, false)
	if err != nil {
		return 0, fmt.Errorf("relu: λ_min: %w", err)
	}
	return e.Values[0], nil
}

// Gram stores the empirical NTK Gram matrix of the first layer,
//
//	H_ij = s² Σ_r a_r² 1{z_ir > 0} 1{z_jr > 0} x_i·x_j,   z_ir = w_r·x_i + b_r,
//
// the Gram matrix of the output gradients ∂f(x_i)/∂W, in dst and returns it.
// For the NTK network of Du et al. (s = 1/√m, a_r = ±1) this is their
// H(t)_ij = (1/m) x_i·x_j Σ_r 1{w_r(t)·x_i ≥ 0, w_r(t)·x_j ≥ 0} up to the
// zero-measure ties w_r·x_i = 0, which count as inactive here (relu′(0) = 0).
// It costs two symmetric rank-k updates (X Xᵀ and S Sᵀ with S_ir = s|a_r|
// 1{z_ir > 0}). If dst is nil a new matrix is allocated and if it is empty
// it is resized; otherwise it must be n×n. Non-finite inputs or parameters
// give non-finite entries (a NaN preactivation is not an inactive neuron),
// which LambdaMin reports as an error. Gram panics if X does not have d
// columns.
func (n *Net) Gram(dst *mat.SymDense, X mat.Matrix) *mat.SymDense {
	Z := n.Preactivations(nil, X)
	r, m := Z.Dims()
	dst = shapeSym(dst, r)
	raw := Z.RawMatrix()
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+m]
		for j, z := range row {
			switch {
			case z > 0:
				row[j] = n.Scale * math.Abs(n.A[j])
			case z != z:
				row[j] = math.NaN() // propagate, not an inactive neuron
			default:
				row[j] = 0
			}
		}
	}
	var K mat.SymDense
	K.SymOuterK(1, Z)
	dst.SymOuterK(1, X)
	dr := dst.RawSymmetric()
	kr := K.RawSymmetric()
	for i := 0; i < r; i++ {
		d := dr.Data[i*dr.Stride : i*dr.Stride+r]
		k := kr.Data[i*kr.Stride : i*kr.Stride+r]
		for j := i; j < r; j++ {
			d[j] *= k[j]
		}
	}
	return dst
}

// Separation returns φ = min_{i≠j} ‖x_i − x_j‖ over the rows of X, the data
// separation of Zou & Gu (2019) and Allen-Zhu et al. (2019). The candidate
// pairs are found from the Gram matrix X Xᵀ (‖x_i‖² + ‖x_j‖² − 2 x_i·x_j) and
// their distances recomputed directly, so nearly equal rows are not lost to
// cancellation. It returns +Inf if X has fewer than two rows, and an error
// wrapping ErrNotFinite naming the entry if X holds NaN or ±Inf.
func Separation(X mat.Matrix) (float64, error) {
	n, d := X.Dims()
	if at, ok := firstNonFinite(X); ok {
		return 0, fmt.Errorf("relu: separation: X%s: %w", at, ErrNotFinite)
	}
	if n < 2 {
		return math.Inf(1), nil
	}
	var G mat.SymDense
	G.SymOuterK(1, X)
	g := G.RawSymmetric()
	sq := make([]float64, n)
	maxSq := 0.0
	for i := range sq {
		sq[i] = g.Data[i*g.Stride+i]
		maxSq = max(maxSq, sq[i])
	}
	best := math.Inf(1)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			best = min(best, sq[i]+sq[j]-2*g.Data[i*g.Stride+j])
		}
	}
	// Each computed x_i·x_j is within about d·ε‖x_i‖‖x_j‖ of the exact
	// value (Higham, §3.1), so every pair whose Gram distance is within
	// 8(d+2)ε max‖x‖² of the best one is a candidate for the minimum.
	slack := 8 * float64(d+2) * 0x1p-52 * maxSq
	xi := make([]float64, d)
	xj := make([]float64, d)
	phi := math.Inf(1)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if sq[i]+sq[j]-2*g.Data[i*g.Stride+j] <= best+slack {
				mat.Row(xi, i, X)
				mat.Row(xj, j, X)
				phi = min(phi, floats.Distance(xi, xj, 2))
			}
		}
	}
	return phi, nil
}

// PatternChange returns the fraction of activation patterns that differ
// between the preactivations Z0 (at initialization) and Z (both n×m, see
// Net.Preactivations):
//
//	(1/(mn)) Σ_{i,r} 1{1{z0_ir > 0} ≠ 1{z_ir > 0}},
//
// the quantity plotted by Du et al. (2019, Figure 1). It panics if the shapes
// differ or are empty, or if an entry is NaN (the sign of a NaN
// preactivation is undefined: training has diverged).
func PatternChange(Z0, Z mat.Matrix) float64 {
	r, c := Z.Dims()
	if r0, c0 := Z0.Dims(); r0 != r || c0 != c {
		panic("relu: preactivation shapes differ")
	}
	if r == 0 || c == 0 {
		panic("relu: empty preactivations")
	}
	changed := 0
	d0, ok0 := Z0.(*mat.Dense)
	d1, ok1 := Z.(*mat.Dense)
	for i := 0; i < r; i++ {
		if ok0 && ok1 {
			a, b := d0.RawRowView(i), d1.RawRowView(i)
			for j := range a {
				if a[j] != a[j] || b[j] != b[j] {
					panic(errNaNPreact)
				}
				if (a[j] > 0) != (b[j] > 0) {
					changed++
				}
			}
			continue
		}
		for j := 0; j < c; j++ {
			a, b := Z0.At(i, j), Z.At(i, j)
			if a != a || b != b {
				panic(errNaNPreact)
			}
			if (a > 0) != (b > 0) {
				changed++
			}
		}
	}
	return float64(changed) / float64(r*c)
}

const errNaNPreact = "relu: NaN preactivation"

// MaxDistance returns max_r ‖w_r − w0_r‖ over the rows of the m×d matrices
// W0 (at initialization) and W, the movement of Du et al. (2019, Figure 1).
// It panics if the shapes differ or a distance is NaN (NaN weights: training
// has diverged).
func MaxDistance(W0, W mat.Matrix) float64 {
	m, d := W.Dims()
	if m0, d0 := W0.Dims(); m0 != m || d0 != d {
		panic("relu: weight shapes differ")
	}
	a := make([]float64, d)
	b := make([]float64, d)
	dist := 0.0
	for r := 0; r < m; r++ {
		mat.Row(a, r, W0)
		mat.Row(b, r, W)
		v := floats.Distance(a, b, 2)
		if math.IsNaN(v) {
			panic("relu: NaN weights")
		}
		dist = max(dist, v)
	}
	return dist
}

// ErrBadBound is returned by the width-bound calculators for arguments
// outside their domain.
var ErrBadBound = errors.New("relu: width bound undefined")

// The width bounds below are the orders of the over-parameterization
// conditions in the papers, with every constant and logarithmic factor set to
// 1. They are orders of growth, for comparing exponents with measured
// widths, not widths to use.

// DuWidth returns n⁶/(λ0⁴ δ³), the width of Du et al. (2019, Theorem 4.1)
// above which GD with step η = O(λ0/n²) from w_r ~ N(0, I), fixed a_r = ±1,
// drives the square loss of a two-layer NTK ReLU network to zero at the
// linear rate (1 − ηλ0/2)^k with probability 1 − δ. Assumptions: ‖x_i‖ = 1,
// |y_i| = O(1), λ0 = λ_min(H∞) > 0. It returns an error wrapping ErrBadBound
// unless n ≥ 1, λ0 > 0 and 0 < δ < 1.
func DuWidth(n int, lambda0, delta float64) (float64, error) {
	if n < 1 || !(lambda0 > 0) || !(delta > 0 && delta < 1) {
		return 0, fmt.Errorf("relu: Du et al. width for n=%d, λ0=%v, δ=%v: %w", n, lambda0, delta, ErrBadBound)
	}
	return math.Pow(float64(n), 6) / (math.Pow(lambda0, 4) * math.Pow(delta, 3)), nil
}

// AllenZhuWidth returns n²⁴ L¹², the width order Ω̃(n²⁴L¹²) of Allen-Zhu,
// Li and Song (2019) for GD/SGD on an L-layer ReLU network (polylogarithmic
// factors and the dependence on the data separation dropped). Assumptions:
// ‖x_i‖ = 1, pairwise separated data, Gaussian (He) initialization, the
// output layer fixed. It returns an error wrapping ErrBadBound unless n ≥ 1
// and L ≥ 1.
func AllenZhuWidth(n, L int) (float64, error) {
	if n < 1 || L < 1 {
		return 0, fmt.Errorf("relu: Allen-Zhu et al. width for n=%d, L=%d: %w", n, L, ErrBadBound)
	}
	return math.Pow(float64(n), 24) * math.Pow(float64(L), 12), nil
}

// ZouGuWidth returns n⁸ L¹² / φ⁴, the width order Ω̃(n⁸L¹²/φ⁴) of Zou & Gu
// (2019) for GD on an L-layer ReLU network (for the two-layer network of
// this package, L = 1: n⁸/φ⁴), with iteration count O(n²L²φ⁻¹ log(1/ε)).
// Assumptions: ‖x_i‖ = 1, separation φ = min_{i≠j} ‖x_i − x_j‖ > 0, He
// initialization, the output layer fixed, logarithmic factors dropped. It
// returns an error wrapping ErrBadBound unless n ≥ 1, L ≥ 1 and φ > 0.
func ZouGuWidth(n, L int, phi float64) (float64, error) {
	if n < 1 || L < 1 || !(phi > 0) || math.IsInf(phi, 0) {
		return 0, fmt.Errorf("relu: Zou–Gu width for n=%d, L=%d, φ=%v: %w", n, L, phi, ErrBadBound)
	}
	return math.Pow(float64(n), 8) * math.Pow(float64(L), 12) / math.Pow(phi, 4), nil
}

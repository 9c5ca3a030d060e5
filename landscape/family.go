// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// FamilySettings controls the reduced Newton solver, the multi-start search
// and the continuation in d. The zero value is useful.
type FamilySettings struct {
	// GradTol is the target for ‖∇F‖_F of the full problem; 0 means
	// 1e-12·max(1, d/1000)²: the gradient's cells are sums of O(d) kernel
	// terms, weighted by counts up to d², and the rounding floor measured
	// along the Δ(S_{d−1}×S₁) family is 1e-13…5e-12 for d ≤ 10⁴.
	GradTol float64
	// MaxNewton is the Newton iteration limit per solve; 0 means 60.
	MaxNewton int
	// GDIters is the number of gradient steps (on the subspace) before
	// Newton in a multi-start search; 0 means 4000, and a negative value
	// means Newton from the random start itself (which converges to saddles
	// as often as to minima).
	GDIters int
	// Step is the initial relative step in d of the continuation,
	// d ↦ d(1 ± Step); 0 means 0.05. MaxStep (0 means 0.25) and MinStep
	// (0 means 1e-6) bound its adaptation.
	Step, MaxStep, MinStep float64
	// IntegersUpTo: the continuation visits every integer d ≤ IntegersUpTo
	// on its way (0 means 1000, negative means none), so that every integer
	// d of a small range has its point.
	IntegersUpTo float64
	// Stops are further d the continuation visits exactly on its way.
	Stops []float64
}

// gradTol returns the gradient tolerance at d.
func (s *FamilySettings) gradTol(d float64) float64 {
	if s.GradTol != 0 {
		return s.GradTol
	}
	r := math.Max(1, d/1000)
	return 1e-12 * r * r
}

func (s *FamilySettings) orDefault() FamilySettings {
	var o FamilySettings
	if s != nil {
		o = *s
	}
	if o.MaxNewton == 0 {
		o.MaxNewton = 60
	}
	if o.IntegersUpTo == 0 {
		o.IntegersUpTo = 1000
	}
	if o.GDIters == 0 {
		o.GDIters = 4000
	}
	if o.Step == 0 {
		o.Step = 0.05
	}
	if o.MaxStep == 0 {
		o.MaxStep = 0.25
	}
	if o.MinStep == 0 {
		o.MinStep = 1e-6
	}
	return o
}

// ErrNoCrossing reports a sign change of λ_min that is a jump, not a zero.
var ErrNoCrossing = errors.New("landscape: no zero crossing")

// Newton solves the reduced equations ∂F(W(u))/∂u = 0 from u0 by Newton's
// method on the reduced gradient with its analytic Jacobian (which finds
// saddles as well as minima), halving a step that does not decrease
// ‖∇F‖_F. It returns the point and ‖∇F(W(u))‖_F of the full problem, and an
// error matching ErrNotConverged if that norm stays above s.GradTol (the
// best point is still returned; see FamilySettings.GradTol for the default
// tolerance), ErrZeroNeuron if an iterate has a zero
// block of neurons. u0 is not modified. It panics if len(u0) ≠ Dim().
func (fs FixedSpace) Newton(u0 []float64, s *FamilySettings) (u []float64, gradNorm float64, err error) {
	set := s.orDefault()
	tol := set.gradTol(fs.D())
	n := fs.Dim()
	u = append([]float64(nil), u0...)
	gn, err := fs.FullGradNorm(u)
	if err != nil {
		return u, math.Inf(1), err
	}
	g := make([]float64, n)
	var J mat.SymDense
	step := mat.NewVecDense(n, nil)
	trial := make([]float64, n)
	for it := 0; it < set.MaxNewton && gn > tol; it++ {
		if err := fs.Gradient(g, u); err != nil {
			return u, gn, err
		}
		J.Reset()
		if err := fs.Jacobian(&J, u); err != nil {
			return u, gn, err
		}
		if err := fs.solve(step, &J, g); err != nil {
			return u, gn, fmt.Errorf("landscape: reduced Newton at iteration %d: %w", it, err)
		}
		improved := false
		for t := 1.0; t > 1e-6; t /= 2 {
			for i := range trial {
				trial[i] = u[i] - t*step.AtVec(i)
			}
			tn, err := fs.FullGradNorm(trial)
			if err == nil && tn < gn {
				copy(u, trial)
				gn = tn
				improved = true
				break
			}
		}
		if !improved {
			break
		}
	}
	if gn > tol {
		return u, gn, fmt.Errorf("landscape: reduced Newton on %v stopped at ‖∇F‖ = %.3g > %.3g: %w", fs.Sizes, gn, tol, ErrNotConverged)
	}
	return u, gn, nil
}

// solve solves J x = b for the reduced Jacobian J in the orthonormal
// coordinates ũ_c = √count(c)·u_c of the subspace, J̃ = C^(−½)JC^(−½) with
// C = diag(count): J̃ is the Hessian on the trivial isotypic component, with
// eigenvalues between O(0.01) and O(d), while J itself mixes the counts 1
// and d² and is too badly scaled for a rank decision at d ≳ 10⁴. J is
// overwritten.
func (fs FixedSpace) solve(dst *mat.VecDense, J *mat.SymDense, b []float64) error {
	cs := fs.coords()
	n := len(cs)
	sc := make([]float64, n)
	for i, c := range cs {
		sc[i] = 1 / math.Sqrt(fs.count(c))
	}
	for i := range n {
		for j := i; j < n; j++ {
			J.SetSym(i, j, J.At(i, j)*sc[i]*sc[j])
		}
	}
	bt := mat.NewVecDense(n, nil)
	for i := range n {
		bt.SetVec(i, b[i]*sc[i])
	}
	if err := famSolve(dst, J, bt); err != nil {
		return err
	}
	for i := range n {
		dst.SetVec(i, dst.AtVec(i)*sc[i])
	}
	return nil
}

// famSolve solves J x = b for the small symmetric J through its eigen
// decomposition, dropping eigenvalues below 1e-13·‖J‖ (a pseudo-inverse
// step; the reduced Jacobian is non-singular at non-degenerate points).
func famSolve(dst *mat.VecDense, J *mat.SymDense, b *mat.VecDense) error {
	var es mat.EigenSym
	if !es.Factorize(J, true) {
		return errors.New("eigendecomposition of the reduced Jacobian failed")
	}
	vals := es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	big := 0.0
	for _, v := range vals {
		big = math.Max(big, math.Abs(v))
	}
	if !(big > 0) || math.IsInf(big, 0) {
		return errors.New("reduced Jacobian is zero or not finite")
	}
	var c mat.VecDense
	c.MulVec(vecs.T(), b)
	for i, v := range vals {
		if math.Abs(v) < 1e-13*big {
			c.SetVec(i, 0)
		} else {
			c.SetVec(i, c.AtVec(i)/v)
		}
	}
	dst.MulVec(&vecs, &c)
	return nil
}

// Descend runs gradient descent on the subspace, W ← W − η∇F(W) with
// η = 2/(d+4) (the largest Hessian eigenvalue of these problems grows like
// d/4), which is the full problem's gradient descent started on the
// subspace: it stays there. In reduced coordinates the step on u_c is
// η·∂F/∂u_c / count(c). It returns the final point and an error only for a
// zero block, a non-finite iterate or a cancelled context.
func (fs FixedSpace) Descend(ctx context.Context, u0 []float64, iters int) ([]float64, error) {
	u := append([]float64(nil), u0...)
	cs := fs.coords()
	g := make([]float64, len(u))
	eta := 2 / (fs.D() + 4)
	for it := range iters {
		if it%256 == 0 {
			if err := ctx.Err(); err != nil {
				return u, err
			}
		}
		if err := fs.Gradient(g, u); err != nil {
			return u, err
		}
		for i, c := range cs {
			u[i] -= eta * g[i] / fs.count(c)
		}
	}
	return u, checkFiniteCoords(u)
}

// FamilyPoint is a critical point on a fixed-point subspace.
type FamilyPoint struct {
	// Space is the subspace, U the reduced coordinates, D = Space.D().
	Space FixedSpace
	U     []float64
	D     float64
	// Loss is F(W(U)); GradNorm is ‖∇F(W(U))‖_F of the full problem.
	Loss, GradNorm float64
	// Spectrum is the symmetry-reduced Hessian spectrum (nil if not computed).
	Spectrum *SymSpectrum
}

// Matrix returns W(U) (integer sizes only; see FixedSpace.Matrix).
func (p *FamilyPoint) Matrix() *mat.Dense { return p.Space.Matrix(p.U) }

// famPoint completes a FamilyPoint with its spectrum.
func (fs FixedSpace) famPoint(u []float64, gn float64) (FamilyPoint, error) {
	sp, err := fs.Spectrum(u)
	if err != nil {
		return FamilyPoint{}, err
	}
	return FamilyPoint{Space: fs, U: u, D: fs.D(), Loss: fs.Loss(u), GradNorm: gn, Spectrum: sp}, nil
}

// FindCritical searches the subspace for critical points: from each of
// starts random points (the value of every cell N(0, 1/d), Safran and
// Shamir's initialization restricted to the subspace, drawn from
// rand.New(rand.NewPCG(seed, i)) for start i) it runs s.GDIters steps of
// Descend (none if s.GDIters < 0), then Newton. Converged points are
// returned once each (merged when loss and reduced spectrum agree to 1e-9),
// ordered by loss, with their symmetry-reduced spectra. Starts that fail
// (a zero block, no convergence) are skipped; the error is non-nil only for
// a cancelled context.
func (fs FixedSpace) FindCritical(ctx context.Context, starts int, seed uint64, s *FamilySettings) ([]FamilyPoint, error) {
	set := s.orDefault()
	cs := fs.coords()
	d := fs.D()
	var out []FamilyPoint
	for i := range starts {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		rnd := rand.New(rand.NewPCG(seed, uint64(i)))
		u := make([]float64, len(cs))
		for j := range cs {
			u[j] = rnd.NormFloat64() / math.Sqrt(d)
		}
		if set.GDIters > 0 {
			var err error
			if u, err = fs.Descend(ctx, u, set.GDIters); err != nil {
				if ctx.Err() != nil {
					return out, ctx.Err()
				}
				continue
			}
		}
		u, gn, err := fs.Newton(u, &set)
		if err != nil {
			continue
		}
		pt, err := fs.famPoint(u, gn)
		if err != nil {
			continue
		}
		dup := false
		for _, q := range out {
			if famSamePoint(&q, &pt) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, pt)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Loss < out[j].Loss })
	return out, nil
}

// famSamePoint reports whether two critical points have the same loss and
// reduced spectrum to 1e-9 (relative to 1 + |value|): points of one orbit of
// the symmetry group agree exactly, and distinct critical points agreeing in
// loss and every eigenvalue to 1e-9 are not met in practice.
func famSamePoint(p, q *FamilyPoint) bool {
	if math.Abs(p.Loss-q.Loss) > 1e-9*(1+math.Abs(p.Loss)) {
		return false
	}
	a, b := p.Spectrum.Distinct(1e-9), q.Spectrum.Distinct(1e-9)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].Value-b[i].Value) > 1e-9*(1+math.Abs(a[i].Value)) {
			return false
		}
	}
	return true
}

// Family is a family of fixed-point subspaces indexed by d: the isotropy
// group Δ(S_{d−t}×S_{t₁}×…×S_{t_q}) with t = Σtᵢ, a growing first block and
// fixed blocks Tail = (t₁,…,t_q). Tail = () is ΔS_d, Tail = (1) is
// Δ(S_{d−1}×S₁), Tail = (2, 1) is Δ(S_{d−3}×S₂×S₁).
type Family struct {
	Tail []int
}

// Name returns the family's isotropy as "S(d)", "S(d-1)xS1",
// "S(d-3)xS2xS1", ….
func (f Family) Name() string {
	t := 0
	for _, v := range f.Tail {
		t += v
	}
	var b strings.Builder
	if t == 0 {
		b.WriteString("S(d)")
	} else {
		fmt.Fprintf(&b, "S(d-%d)", t)
	}
	for _, v := range f.Tail {
		fmt.Fprintf(&b, "xS%d", v)
	}
	return b.String()
}

// MinD returns the smallest d at which Space may be called: the growing
// block must have size ≥ 2.
func (f Family) MinD() float64 {
	t := 0
	for _, v := range f.Tail {
		t += v
	}
	return float64(t + 2)
}

// Space returns the fixed-point subspace at d. It panics if the growing block
// d − Σtᵢ is smaller than 2, or a tail size is < 1.
func (f Family) Space(d float64) FixedSpace {
	sizes := []float64{d}
	for _, v := range f.Tail {
		if v < 1 {
			panic("landscape: Family tail size < 1")
		}
		sizes[0] -= float64(v)
		sizes = append(sizes, float64(v))
	}
	if sizes[0] < 2 {
		panic(fmt.Sprintf("landscape: %s at d = %v has a growing block of size %v < 2", f.Name(), d, sizes[0]))
	}
	return NewFixedSpace(sizes...)
}

// famDgradDD returns ∂/∂d of the reduced gradient at fixed u, by finite
// differences in the real size of the growing block with step h = 1e-5·d:
// central, or the second-order forward formula (−3g(d) + 4g(d+h) −
// g(d+2h))/(2h) when d − h would leave the family (d near MinD). The reduced
// gradient is a polynomial of degree 2 in the sizes times smooth functions
// of them, so the truncation error is O(h²) ≈ 1e-10 relative.
func (f Family) famDgradDD(d float64, u []float64) ([]float64, error) {
	h := 1e-5 * d
	n := len(u)
	at := func(x float64) ([]float64, error) {
		g := make([]float64, n)
		return g, f.Space(x).Gradient(g, u)
	}
	if d-h >= f.MinD() {
		gp, err := at(d + h)
		if err != nil {
			return nil, err
		}
		gm, err := at(d - h)
		if err != nil {
			return nil, err
		}
		for i := range gp {
			gp[i] = (gp[i] - gm[i]) / (2 * h)
		}
		return gp, nil
	}
	g0, err := at(d)
	if err != nil {
		return nil, err
	}
	g1, err := at(d + h)
	if err != nil {
		return nil, err
	}
	g2, err := at(d + 2*h)
	if err != nil {
		return nil, err
	}
	for i := range g0 {
		g0[i] = (-3*g0[i] + 4*g1[i] - g2[i]) / (2 * h)
	}
	return g0, nil
}

// Tangent returns du/dd along the family at a critical point (d, u): the
// solution of J du/dd = −∂g/∂d with g the reduced gradient (J from its
// eigendecomposition, a pseudo-inverse at a singular J). It returns the
// errors of the reduced gradient and panics if d < MinD or len(u) is not
// the dimension of Space(d).
func (f Family) Tangent(d float64, u []float64) ([]float64, error) {
	fs := f.Space(d)
	var J mat.SymDense
	if err := fs.Jacobian(&J, u); err != nil {
		return nil, err
	}
	gd, err := f.famDgradDD(d, u)
	if err != nil {
		return nil, err
	}
	t := mat.NewVecDense(len(u), nil)
	if err := fs.solve(t, &J, gd); err != nil {
		return nil, err
	}
	out := make([]float64, len(u))
	for i := range out {
		out[i] = -t.AtVec(i)
	}
	return out, nil
}

// At moves a critical point (d0, u0) of the family to d by one
// predictor–corrector step: the tangent predictor u0 + (d − d0)·du/dd, then
// Newton on the reduced equations at d. It returns the point with its
// spectrum, or an error (ErrNotConverged if Newton fails).
func (f Family) At(d0 float64, u0 []float64, d float64, s *FamilySettings) (FamilyPoint, error) {
	tg, err := f.Tangent(d0, u0)
	if err != nil {
		return FamilyPoint{}, err
	}
	pred := make([]float64, len(u0))
	for i := range pred {
		pred[i] = u0[i] + (d-d0)*tg[i]
	}
	fs := f.Space(d)
	u, gn, err := fs.Newton(pred, s)
	if err != nil {
		return FamilyPoint{}, err
	}
	return fs.famPoint(u, gn)
}

// famReturns reports whether the continuation step from (d0, u0) to the
// critical point (d, u) can be retraced: Newton at d0 from the predictor of
// the tangent at (d, u) lands on u0 (to 1e-6 of ‖u0‖ in the orthonormal
// coordinates √count(c)·u_c; both are converged to the gradient tolerance,
// so the same point agrees to ~1e-10). A forward Newton that converged to
// another branch of critical points usually fails this check, going back
// along the other branch. It is a safeguard, not a proof: following the 23
// members of examples/families from d = 10 up to 1000 and down to their
// smallest d with fixed steps of 50% in d, 4 runs jumped branches without
// it and 1 (a single step 10 → 5) with it; at the default steps (≤ 25%)
// none did either way.
func (f Family) famReturns(d0 float64, u0 []float64, d float64, u []float64, s *FamilySettings) bool {
	tg, err := f.Tangent(d, u)
	if err != nil {
		return false
	}
	back := make([]float64, len(u))
	for i := range back {
		back[i] = u[i] + (d0-d)*tg[i]
	}
	fs := f.Space(d0)
	v, _, err := fs.Newton(back, s)
	if err != nil {
		return false
	}
	var dist, norm float64
	for i, c := range fs.coords() {
		n := fs.count(c)
		dist += n * (v[i] - u0[i]) * (v[i] - u0[i])
		norm += n * u0[i] * u0[i]
	}
	return dist <= 1e-12*(1+norm)
}

// Continue follows a critical point (d0, u0) of the family in d up (or down)
// to dEnd by predictor–corrector continuation with geometric steps
// d ↦ d(1 ± h): h starts at s.Step, grows by 1.5 (up to s.MaxStep) after a
// converged step and halves on failure, or when the step cannot be retraced
// (Newton back at the previous d from the new point's tangent does not
// return to the previous point: the step jumped to another branch of
// critical points). Every integer d ≤ s.IntegersUpTo and
// every d of s.Stops on the way are visited exactly, so the returned points
// (d0 first, dEnd last, each with its spectrum) include them. It returns
// ErrNotConverged when the step falls below s.MinStep (the family has a fold
// or ends there), with the points so far.
func (f Family) Continue(ctx context.Context, d0 float64, u0 []float64, dEnd float64, s *FamilySettings) ([]FamilyPoint, error) {
	set := s.orDefault()
	fs := f.Space(d0)
	u, gn, err := fs.Newton(u0, &set)
	if err != nil {
		return nil, err
	}
	first, err := fs.famPoint(u, gn)
	if err != nil {
		return nil, err
	}
	pts := []FamilyPoint{first}
	dir := 1.0
	if dEnd < d0 {
		dir = -1
	}
	h := set.Step
	cur := first
	for cur.D != dEnd {
		if err := ctx.Err(); err != nil {
			return pts, err
		}
		next := cur.D * (1 + dir*h)
		// Stop at the next integer d (in range), the next stop and dEnd.
		var nint float64
		if dir > 0 {
			nint = math.Floor(cur.D) + 1
		} else {
			nint = math.Ceil(cur.D) - 1
		}
		if (next-nint)*dir > 0 && nint <= set.IntegersUpTo {
			next = nint
		}
		for _, st := range set.Stops {
			if (st-cur.D)*dir > 0 && (next-st)*dir > 0 {
				next = st
			}
		}
		if (next-dEnd)*dir > 0 {
			next = dEnd
		}
		if next < f.MinD() {
			return pts, fmt.Errorf("landscape: %s continued below its smallest d at %v", f.Name(), next)
		}
		pt, err := f.At(cur.D, cur.U, next, &set)
		if err == nil && !f.famReturns(cur.D, cur.U, pt.D, pt.U, &set) {
			err = ErrNotConverged
		}
		if err != nil {
			h /= 2
			if h < set.MinStep {
				return pts, fmt.Errorf("landscape: continuation of %s stalled at d = %v: %w", f.Name(), cur.D, ErrNotConverged)
			}
			continue
		}
		pts = append(pts, pt)
		cur = pt
		h = math.Min(1.5*h, set.MaxStep)
	}
	return pts, nil
}

// Transition locates, between two points of one family whose smallest
// Hessian eigenvalues have opposite signs, the real d where λ_min crosses 0
// (where the family turns from saddle into minimum or back), by the
// Illinois variant of regula falsi on d ↦ λ_min, each evaluation moving the
// nearer point there by At. It returns the point at the crossing (its
// λ_min is within 1e-12 of 0, or within 1e-8 when the bracket has shrunk to
// 1e-12·d). λ_min is continuous in real d except where an isotypic
// component appears (a block's size passing 2, 3 or 4; see SymSpectrum):
// a sign change by such a jump returns the point there and an error
// matching ErrNoCrossing. It returns an error if λ_min has the same sign at
// a and b, the errors of At, and panics if a or b has no Spectrum.
func (f Family) Transition(ctx context.Context, a, b FamilyPoint, s *FamilySettings) (FamilyPoint, error) {
	if a.Spectrum == nil || b.Spectrum == nil {
		panic("landscape: Transition: points without spectra")
	}
	fa, fb := a.Spectrum.Min(), b.Spectrum.Min()
	switch {
	case fa == 0:
		return a, nil
	case fb == 0:
		return b, nil
	case fa*fb > 0:
		return FamilyPoint{}, fmt.Errorf("landscape: Transition: λ_min %v at d = %v and %v at d = %v have the same sign", fa, a.D, fb, b.D)
	}
	for it := 0; it < 200; it++ {
		if err := ctx.Err(); err != nil {
			return FamilyPoint{}, err
		}
		d := (a.D*fb - b.D*fa) / (fb - fa)
		near := a
		if math.Abs(d-b.D) < math.Abs(d-a.D) {
			near = b
		}
		pt, err := f.At(near.D, near.U, d, s)
		if err != nil {
			return FamilyPoint{}, err
		}
		fm := pt.Spectrum.Min()
		if math.Abs(fm) < 1e-12 {
			return pt, nil
		}
		if math.Abs(b.D-a.D) < 1e-12*d {
			if math.Abs(fm) < 1e-8 {
				return pt, nil
			}
			return pt, fmt.Errorf("landscape: λ_min of %s jumps across 0 at d = %.10g (an isotypic component appears there): %w", f.Name(), d, ErrNoCrossing)
		}
		// Illinois: the new point replaces b; when b was on the same side
		// of the root, a is kept and its value halved, so that a retained
		// end cannot stall the bracket.
		if fm*fb < 0 {
			a, fa = b, fb
		} else {
			fa /= 2
		}
		b, fb = pt, fm
	}
	return FamilyPoint{}, fmt.Errorf("landscape: Transition of %s did not converge: %w", f.Name(), ErrNotConverged)
}

// LossAsymptotics fits d·F(d) = c₀ + c₁d^(−1/2) + c₂d^(−1) by least squares
// to the points with D ≥ dMin, and returns the coefficients and the root
// mean square residual of d·F. It returns an error if fewer than 4 points
// qualify or a qualifying point has a non-finite D or Loss.
func LossAsymptotics(pts []FamilyPoint, dMin float64) (coef [3]float64, rms float64, err error) {
	var xs, ys []float64
	for i, p := range pts {
		if p.D >= dMin {
			if math.IsInf(p.D, 0) || math.IsNaN(p.Loss) || math.IsInf(p.Loss, 0) {
				return coef, 0, fmt.Errorf("landscape: LossAsymptotics: point %d has d = %v, F = %v", i, p.D, p.Loss)
			}
			xs = append(xs, p.D)
			ys = append(ys, p.D*p.Loss)
		}
	}
	n := len(xs)
	if n < 4 {
		return coef, 0, fmt.Errorf("landscape: LossAsymptotics: %d points with d ≥ %v, want at least 4", n, dMin)
	}
	A := mat.NewDense(n, 3, nil)
	for i, d := range xs {
		A.Set(i, 0, 1)
		A.Set(i, 1, 1/math.Sqrt(d))
		A.Set(i, 2, 1/d)
	}
	var c mat.VecDense
	if err := c.SolveVec(A, mat.NewVecDense(n, ys)); err != nil {
		return coef, 0, fmt.Errorf("landscape: LossAsymptotics: %w", err)
	}
	var res mat.VecDense
	res.MulVec(A, &c)
	res.SubVec(&res, mat.NewVecDense(n, ys))
	for i := range coef {
		coef[i] = c.AtVec(i)
	}
	return coef, floats.Norm(res.RawVector().Data, 2) / math.Sqrt(float64(n)), nil
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// SplitCurvature returns λ_min(H_ii − ½I) for every neuron i of a student W
// (k×d, α = β = 1, teacher V), where H_ii is the i-th diagonal d×d block of
// the Hessian: H_ii − ½I = Σ_{j≠i} h1(wᵢ,wⱼ) − Σⱼ h1(wᵢ,vⱼ). Splitting neuron i
// of a critical point at t = ½ puts the eigenvalues 2·λ(H_ii − ½I) into the
// Hessian of the width-(k+1) problem, on the directions (u, −u) of the two
// halves (Safran–Yehudai–Shamir): a negative value makes the split point a
// saddle. It returns the errors of the closed forms.
func SplitCurvature(W, V mat.Matrix) ([]float64, error) {
	p, err := NewProblem(V, nil, nil)
	if err != nil {
		return nil, err
	}
	k, d := W.Dims()
	var H mat.SymDense
	if err := p.Hessian(&H, W); err != nil {
		return nil, err
	}
	out := make([]float64, k)
	for i := range k {
		B := mat.NewSymDense(d, nil)
		for a := range d {
			for b := a; b < d; b++ {
				v := H.At(i*d+a, i*d+b)
				if a == b {
					v -= 0.5
				}
				B.SetSym(a, b, v)
			}
		}
		e, err := linalg.EigenSym(B, false)
		if err != nil {
			return nil, err
		}
		out[i] = e.Values[0]
	}
	return out, nil
}

// SplitCertificate proves that a split point is a saddle: the principal
// submatrix B of the Hessian H' of the width-(k+ℓ) problem on the
// coordinates of the two halves of neuron Neuron has a negative eigenvalue,
// so by Cauchy interlacing λ_min(H') ≤ λ_min(B) < 0, and F decreases along
// the lifted eigenvector.
type SplitCertificate struct {
	// Neuron is the split neuron of the width-k point; its halves are rows
	// Neuron and Twin of the embedded point.
	Neuron, Twin int
	// HalfCurvature is λ_min(H_ii − ½I) at the width-k point; at t = ½,
	// 2·HalfCurvature is an eigenvalue of H' (on (u, −u)).
	HalfCurvature float64
	// Index is the principal index set (2d coordinates: rows Neuron and
	// Twin, row-major).
	Index []int
	// Value is λ_min(B) < 0, below the rounding level of B's eigenvalues.
	Value float64
	// Interlace is the check λᵢ(H') ≤ λᵢ(B) ≤ λ_{i+n−m}(H'), i = 1…2d,
	// n = (k+ℓ)d, m = 2d, on the computed spectra; Annihilate returns an
	// error rather than a certificate whose check fails.
	Interlace *linalg.InterlaceResult
	// Direction is the unit eigenvector of B lifted to R^{(k+ℓ)d}.
	Direction []float64
	// Step ε > 0 and Decrease = F(W' + εv) − F(W') verify the descent:
	// Decrease ≤ ¼ε²·Value < 0, at least half the second-order prediction.
	Step, Decrease float64
}

// Annihilation describes a width-k critical point embedded into the
// width-(k+Extra) problem by splitting Extra neurons at t = ½, and where
// optimization from there lands.
type Annihilation struct {
	// Extra is the number ℓ of extra neurons.
	Extra int
	// Split lists the split neurons (rows of the width-k point), most
	// negative HalfCurvature first.
	Split []int
	// W is the embedded point, (k+Extra)×d; the halves of Split[i] are rows
	// Split[i] and k+i.
	W *mat.Dense
	// Class is the embedded point's classification (loss, ‖∇F‖, spectrum,
	// index = Class.Inertia.Neg, λ_min = Class.MinEig).
	Class *Classification
	// Certificate is non-nil when the split point has negative curvature on
	// the halves of Split[0] with a verified decrease of F.
	Certificate *SplitCertificate
	// Landing is the classification of the end point of gradient descent
	// (and Newton polishing) started at W + ε·Certificate.Direction; nil
	// without a certificate.
	Landing *Classification
	// LandingSteps is the number of gradient-descent steps taken.
	LandingSteps int
	// Lands is Landing.Verdict in words ("global minimum", "spurious
	// minimum", …), or the embedded point's own verdict without a
	// certificate.
	Lands string
}

// AnnihilationSettings controls Annihilate. The zero value is useful.
type AnnihilationSettings struct {
	// Classify configures Classify, GradientDescent and Polish (nil: their
	// defaults, except MaxIter, see below).
	Classify *Settings
	// MaxIter bounds gradient descent from the perturbed split point; zero
	// means 50000. As in SafranRun, an end point with ‖∇F‖_F ≤ PolishFrom
	// (of Classify; DefaultPolishFrom if zero) is polished by Newton, and
	// the end point is classified either way (Undecided when GD stopped
	// far from a critical point).
	MaxIter int
}

// Annihilate embeds the critical point W (k×d) of the problem with teacher
// V into k + extra neurons by splitting the extra neurons of most negative
// λ_min(H_ii − ½I) at t = ½ (extra = 0 classifies W itself), classifies the
// embedded point, and, if the halves of the first split neuron carry
// negative curvature, builds a SplitCertificate and runs gradient descent
// from W' + ε·v to see where it lands. It returns the errors of the closed
// forms, the eigensolver and a cancelled context, and (with the Annihilation
// so far) an error if the computed spectra violate interlacing or F does
// not decrease along v as the certificate requires; non-convergence of the
// descent is not an error (the end point is classified as it is). It panics
// if extra < 0 or extra > k.
func Annihilate(ctx context.Context, W, V mat.Matrix, extra int, s *AnnihilationSettings) (*Annihilation, error) {
	var set AnnihilationSettings
	if s != nil {
		set = *s
	}
	if set.MaxIter == 0 {
		set.MaxIter = 50000
	}
	if extra < 0 {
		panic("landscape: Annihilate: negative extra")
	}
	k, d := W.Dims()
	if extra > k {
		panic("landscape: Annihilate: more extra neurons than neurons")
	}
	p, err := NewProblem(V, nil, nil)
	if err != nil {
		return nil, err
	}
	hc, err := SplitCurvature(W, V)
	if err != nil {
		return nil, err
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return hc[order[a]] < hc[order[b]] })
	an := &Annihilation{Extra: extra, Split: append([]int(nil), order[:extra]...)}
	Wp := mat.DenseCopyOf(W)
	for _, i := range an.Split {
		Wp = SplitNeuron(Wp, i, 0.5)
	}
	an.W = Wp
	an.Class, err = Classify(p, Wp, set.Classify)
	if err != nil {
		return nil, err
	}
	an.Lands = an.Class.Verdict.String()
	if extra == 0 {
		return an, nil
	}
	i0 := an.Split[0]
	var H mat.SymDense
	if err := p.Hessian(&H, Wp); err != nil {
		return nil, err
	}
	idx := make([]int, 0, 2*d)
	for j := range d {
		idx = append(idx, i0*d+j)
	}
	for j := range d {
		idx = append(idx, k*d+j)
	}
	cert, ok, err := linalg.DescentCertificate(&H, idx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return an, nil
	}
	il, err := linalg.Interlace(&H, idx, 0)
	if err != nil {
		return nil, err
	}
	if !il.OK {
		return an, fmt.Errorf("landscape: Annihilate: Cauchy interlacing fails for the halves of neuron %d at indices %v (margins beyond %.3g): the Hessian's spectra are not accurate", i0, il.Violations, il.Tol)
	}
	f0 := an.Class.Loss
	dir := mat.NewDense(k+extra, d, cert.Direction)
	// The decrease is verified when F(W' + εv) − F(W') is at most half the
	// second-order prediction ½ε²λ_min(B) (the gradient term is ≤ ε‖∇F‖,
	// negligible at a polished point): a decrease of that size is the
	// negative curvature, not rounding. ε halves from 0.1 until the
	// quadratic term dominates the cubic one.
	var eps, dec float64
	verified := false
	for eps = 0.1; eps > 1e-6; eps /= 2 {
		var Wt mat.Dense
		Wt.Add(Wp, famScaled(eps, dir))
		f, err := p.Loss(&Wt)
		if err == nil && f-f0 <= eps*eps*cert.Value/4 {
			dec, verified = f-f0, true
			break
		}
	}
	if !verified {
		return an, fmt.Errorf("landscape: Annihilate: no loss decrease of at least ¼ε²λ along the certified direction of neuron %d (λ_min(B) = %.3g) for ε in [1e-6, 0.1]", i0, cert.Value)
	}
	an.Certificate = &SplitCertificate{
		Neuron: i0, Twin: k, HalfCurvature: hc[i0],
		Index: idx, Value: cert.Value, Interlace: il,
		Direction: cert.Direction, Step: eps, Decrease: dec,
	}
	var W0 mat.Dense
	W0.Add(Wp, famScaled(eps, dir))
	gs := Settings{}
	if set.Classify != nil {
		gs = *set.Classify
	}
	gs.MaxIter = set.MaxIter
	res, err := GradientDescent(ctx, p, &W0, &gs)
	if err != nil && !errors.Is(err, ErrNotConverged) {
		return an, fmt.Errorf("landscape: Annihilate: descent from the split point: %w", err)
	}
	end := res.W
	polishFrom := gs.PolishFrom
	if polishFrom == 0 {
		polishFrom = DefaultPolishFrom
	}
	if res.GradNorm <= polishFrom {
		if pol, err := Polish(ctx, p, end, &gs); err == nil {
			end = pol.W
		}
	}
	an.LandingSteps = res.Iterations
	an.Landing, err = Classify(p, end, &gs)
	if err != nil {
		return an, err
	}
	an.Lands = an.Landing.Verdict.String()
	return an, nil
}

func famScaled(s float64, a mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Scale(s, a)
	return &out
}

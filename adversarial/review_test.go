// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/datasets"
	"github.com/relulab/relulab/relu"
)

// entryPoints runs every attack and measurement on (net, X, y) and returns
// their errors by name.
func entryPoints(net *relu.Net, X mat.Matrix, y []float64) map[string]error {
	errs := map[string]error{}
	var w Workspace
	_, _, errs["InputGrad"] = w.InputGrad(nil, nil, net, X)
	_, errs["GradSplit"] = GradSplit(net, X, nil)
	_, errs["FGM"] = FGM(nil, net, X, y, 1, nil)
	_, errs["PGD"] = (&PGD{Eps: 1, Alpha: 0.5, Steps: 2}).Attack(nil, net, X, y)
	_, errs["PGD0"] = (&PGD{Eps: 1, Alpha: 0.5, Steps: 0}).Attack(nil, net, X, y)
	_, _, errs["DeepFool"] = (&DeepFool{}).Attack(nil, net, X, y)
	_, _, errs["CW"] = (&CarliniWagner{Steps: 2, BinarySteps: 2}).Attack(nil, net, X, y)
	_, _, errs["Ray"] = (&Ray{}).Attack(nil, net, X, y)
	_, errs["RayFlip"] = RayFlip(net, X, X, y)
	_, errs["FlipDistances"] = FlipDistances(net, X, y, nil)
	_, _, errs["Universal"] = (&Universal{Eps: 1, Alpha: 0.5, Steps: 2}).Perturbation(net, X, y)
	_, errs["Measure"] = Measure(context.Background(), net, X, y, nil, nil)
	return errs
}

func TestNonFiniteAndEmpty(t *testing.T) {
	// A NaN with a clear sign bit used to vanish in the branch-free ReLU
	// mask: f = 0, so the point counted as misclassified at distance 0.
	rnd := rand.New(rand.NewPCG(20, 20))
	for _, bad := range []float64{math.NaN(), -math.NaN(), math.Inf(1), math.Inf(-1)} {
		net := randNet(20, 4, 1, rnd)
		X := randMat(6, 4, rnd)
		y := labelsOf(net, X)
		X.Set(3, 1, bad)
		for name, err := range entryPoints(net, X, y) {
			if !errors.Is(err, ErrNotFinite) {
				t.Errorf("X holds %v: %s: err = %v, want ErrNotFinite", bad, name, err)
			}
		}
		// The same for the network's parameters (PGD without steps never
		// evaluates the network).
		X.Set(3, 1, 0)
		for _, spoil := range []func(n *relu.Net){
			func(n *relu.Net) { n.W.Set(2, 3, bad) },
			func(n *relu.Net) { n.B[5] = bad },
			func(n *relu.Net) { n.A[7] = bad },
		} {
			sp := net.Clone()
			spoil(sp)
			for name, err := range entryPoints(sp, X, y) {
				if name != "PGD0" && !errors.Is(err, ErrNotFinite) {
					t.Errorf("network holds %v: %s: err = %v, want ErrNotFinite", bad, name, err)
				}
			}
		}
	}
	// Overflow of f from finite but huge inputs.
	net := randNet(20, 4, 1, rnd)
	X := randMat(3, 4, rnd)
	y := labelsOf(net, X)
	X.Scale(1e308, X)
	var w Workspace
	if _, _, err := w.InputGrad(nil, nil, net, X); !errors.Is(err, ErrNotFinite) {
		t.Errorf("overflow: err = %v, want ErrNotFinite", err)
	}
	// Directions of RayFlip.
	X = randMat(3, 4, rnd)
	V := randMat(3, 4, rnd)
	V.Set(1, 1, math.NaN())
	if _, err := RayFlip(net, X, V, y); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN direction: err = %v, want ErrNotFinite", err)
	}
	// Empty batch.
	for name, err := range entryPoints(randNet(5, 1, 1, rnd), emptyRows{1}, nil) {
		if !errors.Is(err, ErrEmpty) {
			t.Errorf("empty batch: %s: err = %v, want ErrEmpty", name, err)
		}
	}
}

// emptyRows is a batch with no rows and c columns.
type emptyRows struct{ c int }

func (e emptyRows) Dims() (int, int)    { return 0, e.c }
func (e emptyRows) At(i, j int) float64 { panic("emptyRows: At") }
func (e emptyRows) T() mat.Matrix       { return mat.Transpose{Matrix: e} }

func TestFlipsAreFlips(t *testing.T) {
	// The exact flip distances of RayFlip put x + t v̂ on the boundary: y f
	// is positive a relative 1e-9 before and non-positive 1e-9 after it
	// (unless the next kink is closer, which random data in R^5 with 40
	// neurons make rare: allow 1% of the rays). Ray and DeepFool points are
	// flipped, even with a large overshoot that crosses a non-convex
	// boundary back (with this seed 14 Ray and 13 DeepFool points at
	// η = 0.2, and 91 and 75 at η = 1, were not before the overshoot was
	// halved there).
	rnd := rand.New(rand.NewPCG(4, 4))
	const n, d = 2000, 5
	net := randNet(40, d, 1, rnd)
	X := randMat(n, d, rnd)
	y := labelsOf(net, X)
	V := randMat(n, d, rnd)
	tr := must(RayFlip(net, X, V, y))
	at := func(i int, t float64) float64 {
		v := V.RawRowView(i)
		nv := floats.Norm(v, 2)
		p := mat.NewDense(1, d, nil)
		for j := range v {
			p.Set(0, j, X.At(i, j)+t*v[j]/nv)
		}
		return y[i] * net.Forward(nil, p)[0]
	}
	var checked, bad int
	for i, ti := range tr {
		if ti == 0 || math.IsInf(ti, 1) {
			continue
		}
		checked++
		if !(at(i, ti*(1-1e-9)) > 0) || !(at(i, ti*(1+1e-9)) <= 0) {
			bad++
		}
	}
	if checked < n/4 || bad > checked/100 {
		t.Errorf("RayFlip: %d of %d distances are not sign changes", bad, checked)
	}
	for _, eta := range []float64{0, 0.2, 1} {
		adv, dist := must2((&Ray{Overshoot: eta}).Attack(nil, net, X, y))
		advD, distD := must2((&DeepFool{Overshoot: eta}).Attack(nil, net, X, y))
		fa, fd := net.Forward(nil, adv), net.Forward(nil, advD)
		var nr, nd int
		for i := range fa {
			if !math.IsInf(dist[i], 1) && y[i]*fa[i] > 0 {
				nr++
			}
			if !math.IsInf(distD[i], 1) && y[i]*fd[i] > 0 {
				nd++
			}
		}
		if nr > 0 || nd > 0 {
			t.Errorf("η = %v: %d Ray and %d DeepFool points not flipped", eta, nr, nd)
		}
	}
}

func TestTrivialSubspaces(t *testing.T) {
	// ℓ = 0 (P = R^d, P⊥ = {0}) and ℓ = d (P = {0}): attacks restricted to
	// {0} leave every point unchanged and find no flip; restricted to R^d
	// they equal the unrestricted attacks.
	rnd := rand.New(rand.NewPCG(22, 22))
	const n, d = 10, 4
	net := randNet(20, d, 1, rnd)
	X := randMat(n, d, rnd)
	y := labelsOf(net, X)
	for _, ell := range []int{0, d} {
		s := datasets.RandomSubspace(d, ell, rnd)
		zero, all := Onto(s.Complement), Onto(s.Basis) // ℓ = 0: P⊥ = {0}
		if ell == d {
			zero, all = all, zero
			all = OntoComplement(s.Basis) // s.Basis is nil: the identity
		}
		for name, adv := range map[string]*mat.Dense{
			"FGM": must(FGM(nil, net, X, y, 1, zero)),
			"PGD": must((&PGD{Eps: 1, Alpha: 0.3, Steps: 3, RandomStart: true, Rand: rnd, Restrict: zero}).Attack(nil, net, X, y)),
		} {
			if !mat.Equal(adv, X) {
				t.Errorf("ℓ = %d: %s restricted to {0} moved the points", ell, name)
			}
		}
		_, dZero := must2((&DeepFool{Restrict: zero}).Attack(nil, net, X, y))
		for name, dist := range map[string][]float64{
			"DeepFool":      dZero,
			"FlipDistances": must(FlipDistances(net, X, y, zero)),
		} {
			for i, v := range dist {
				if !math.IsInf(v, 1) {
					t.Errorf("ℓ = %d: %s within {0}: point %d at distance %v", ell, name, i, v)
				}
			}
		}
		// One FGM step within R^d is the unrestricted one; projecting with
		// QQᵀ rounds at 1e-16 relative to ‖x‖ + ε. (DeepFool's iterations
		// amplify such rounding where they take many steps.)
		if a, b := must(FGM(nil, net, X, y, 1, all)), must(FGM(nil, net, X, y, 1, nil)); !mat.EqualApprox(a, b, 1e-12) {
			t.Errorf("ℓ = %d: FGM within R^d differs from the unrestricted one", ell)
		}
	}
}

func TestSettingsPanic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(23, 23))
	net := randNet(5, 3, 1, rnd)
	X := randMat(4, 3, rnd)
	y := labelsOf(net, X)
	for name, f := range map[string]func(){
		// A negative MaxIter used to loop forever on unflippable points.
		"DeepFool MaxIter":  func() { (&DeepFool{MaxIter: -1}).Attack(nil, net, X, y) },
		"DeepFool η":        func() { (&DeepFool{Overshoot: -0.1}).Attack(nil, net, X, y) },
		"Ray η":             func() { (&Ray{Overshoot: math.NaN()}).Attack(nil, net, X, y) },
		"CW C0":             func() { (&CarliniWagner{C0: -1}).Attack(nil, net, X, y) },
		"CW steps":          func() { (&CarliniWagner{Steps: -1}).Attack(nil, net, X, y) },
		"PGD Alpha":         func() { (&PGD{Eps: 1, Alpha: math.Inf(1)}).Attack(nil, net, X, y) },
		"PGD RandomStart":   func() { (&PGD{Eps: 1, Alpha: 1, RandomStart: true}).Attack(nil, net, X, y) },
		"FGM ε":             func() { FGM(nil, net, X, y, math.NaN(), nil) },
		"Universal Eps":     func() { (&Universal{Eps: 0, Alpha: 1}).Perturbation(net, X, y) },
		"labels":            func() { FGM(nil, net, X, []float64{1, 0, 1, 1}, 1, nil) },
		"dst shape":         func() { FGM(mat.NewDense(3, 3, nil), net, X, y, 1, nil) },
		"projector rows":    func() { FGM(nil, net, X, y, 1, Onto(mat.NewDense(4, 1, nil))) },
		"input dimension":   func() { FGM(nil, net, randMat(4, 2, rnd), y, 1, nil) },
		"RayFlip direction": func() { RayFlip(net, X, randMat(4, 2, rnd), y) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestEmptyDstResized(t *testing.T) {
	// gonum's convention: an empty destination is resized.
	rnd := rand.New(rand.NewPCG(24, 24))
	net := randNet(5, 3, 1, rnd)
	X := randMat(4, 3, rnd)
	y := labelsOf(net, X)
	var G, a, b, c mat.Dense
	var w Workspace
	if _, _, err := w.InputGrad(&G, nil, net, X); err != nil {
		t.Fatal(err)
	}
	must(FGM(&a, net, X, y, 1, nil))
	must((&PGD{Eps: 1, Alpha: 1, Steps: 1}).Attack(&b, net, X, y))
	must2((&DeepFool{}).Attack(&c, net, X, y))
	for name, m := range map[string]*mat.Dense{"InputGrad": &G, "FGM": &a, "PGD": &b, "DeepFool": &c} {
		if r, cc := m.Dims(); r != 4 || cc != 3 {
			t.Errorf("%s: dst resized to %d×%d", name, r, cc)
		}
	}
}

func TestNoAllocations(t *testing.T) {
	// Once the buffers have grown, an input-gradient pass and a PGD step
	// allocate nothing of their own on one core: no more than their matrix
	// products, the same calls made bare, allocate inside the registered
	// BLAS (gonum's Dgemm allocates nothing; a packing GEMM may). (With
	// GOMAXPROCS > 1 a large pass also starts one goroutine per core for
	// each elementwise sweep: a few allocations per sweep whatever n, d, m.)
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	rnd := rand.New(rand.NewPCG(25, 25))
	const d, m, k = 50, 100, 10
	net := randNet(m, d, 1, rnd)
	s := datasets.RandomSubspace(d, d-k, rnd)
	q := s.Basis.RawMatrix()
	for _, n := range []int{100, 1000} {
		X := randMat(n, d, rnd)
		y := labelsOf(net, X)
		G := mat.NewDense(n, d, nil)
		f := make([]float64, n)
		Z := mat.NewDense(n, m, nil)
		C := mat.NewDense(n, k, nil)
		var w Workspace
		dst := mat.NewDense(n, d, nil)
		pgd := func(steps int) *PGD {
			return &PGD{Eps: 1, Alpha: 0.25, Steps: steps, Restrict: Onto(s.Basis)}
		}
		a1, a3 := pgd(1), pgd(3)
		// AllocsPerRun measures at GOMAXPROCS 1, so no goroutines start.
		gemm := testing.AllocsPerRun(5, func() {
			blas64.Gemm(blas.NoTrans, blas.Trans, 1, X.RawMatrix(), net.W.RawMatrix(), 0, Z.RawMatrix())
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, Z.RawMatrix(), net.W.RawMatrix(), 0, G.RawMatrix())
		})
		proj := testing.AllocsPerRun(5, func() {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, G.RawMatrix(), q, 0, C.RawMatrix())
			blas64.Gemm(blas.NoTrans, blas.Trans, 1, C.RawMatrix(), q, 0, G.RawMatrix())
		})
		grad := testing.AllocsPerRun(5, func() { w.InputGrad(G, f, net, X) })
		one := testing.AllocsPerRun(5, func() { a1.Attack(dst, net, X, y) })
		three := testing.AllocsPerRun(5, func() { a3.Attack(dst, net, X, y) })
		perStep := (three - one) / 2
		t.Logf("n = %d: BLAS %v + %v, pass %v, PGD step %v allocations", n, gemm, proj, grad, perStep)
		if grad > gemm || perStep > gemm+proj {
			t.Errorf("n = %d: %v allocations per pass, %v per PGD step, want ≤ %v, %v", n, grad, perStep, gemm, gemm+proj)
		}
	}
}

func TestAttackInPlace(t *testing.T) {
	// dst may be X itself: the result equals that of a fresh dst.
	rnd := rand.New(rand.NewPCG(4, 4))
	net := randNet(40, 5, 1, rnd)
	X := randMat(300, 5, rnd)
	y := labelsOf(net, X)
	for name, attack := range map[string]func(dst *mat.Dense, X *mat.Dense) *mat.Dense{
		"FGM": func(dst, X *mat.Dense) *mat.Dense { return must(FGM(dst, net, X, y, 0.5, nil)) },
		"PGD": func(dst, X *mat.Dense) *mat.Dense {
			return must((&PGD{Eps: 1, Alpha: 0.25, Steps: 3}).Attack(dst, net, X, y))
		},
		"DeepFool": func(dst, X *mat.Dense) *mat.Dense {
			a, _ := must2((&DeepFool{Overshoot: 1}).Attack(dst, net, X, y))
			return a
		},
		"Ray": func(dst, X *mat.Dense) *mat.Dense {
			a, _ := must2((&Ray{Overshoot: 1}).Attack(dst, net, X, y))
			return a
		},
		"CW": func(dst, X *mat.Dense) *mat.Dense {
			a, _ := must2((&CarliniWagner{Steps: 10, BinarySteps: 2}).Attack(dst, net, X, y))
			return a
		},
	} {
		want := attack(nil, X)
		Y := mat.DenseCopyOf(X)
		if got := attack(Y, Y); !mat.Equal(got, want) {
			t.Errorf("%s in place differs", name)
		}
	}
}

func TestMisclassifiedPoints(t *testing.T) {
	// Points with y f(x) ≤ 0 are already adversarial: distance 0 and no
	// move, for every attack that reports distances.
	rnd := rand.New(rand.NewPCG(26, 26))
	net := randNet(30, 4, 1, rnd)
	X := randMat(20, 4, rnd)
	y := labelsOf(net, X)
	for i := 0; i < 20; i += 3 {
		y[i] = -y[i]
	}
	df, dDF := must2((&DeepFool{}).Attack(nil, net, X, y))
	ray, dRay := must2((&Ray{}).Attack(nil, net, X, y))
	cw, dCW := must2((&CarliniWagner{Steps: 5, BinarySteps: 2}).Attack(nil, net, X, y))
	dFlip := must(FlipDistances(net, X, y, nil))
	for i := 0; i < 20; i += 3 {
		for name, v := range map[string]float64{"DeepFool": dDF[i], "Ray": dRay[i], "CW": dCW[i], "FlipDistances": dFlip[i]} {
			if v != 0 {
				t.Errorf("point %d: %s distance %v, want 0", i, name, v)
			}
		}
		for name, adv := range map[string]*mat.Dense{"DeepFool": df, "Ray": ray, "CW": cw} {
			if !floats.Equal(adv.RawRowView(i), X.RawRowView(i)) {
				t.Errorf("point %d: %s moved a misclassified point", i, name)
			}
		}
	}
}

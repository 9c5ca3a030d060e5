// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// countInertia classifies reference eigenvalues as Spectrum.Inertia does.
func countInertia(w []float64, tol float64) Inertia {
	var in Inertia
	for _, v := range w {
		switch {
		case v < -tol:
			in.Neg++
		case v > tol:
			in.Pos++
		default:
			in.Zero++
		}
	}
	return in
}

// pivotTest returns matrices that force every branch of Bunch–Kaufman
// pivoting: a zero diagonal (2×2 pivots), a permuted diagonal with the large
// entries off the diagonal (interchanged 1×1 pivots), zero columns.
func pivotTest(rnd *rand.Rand, n, kind int) *mat.SymDense {
	a := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			v := rnd.NormFloat64()
			switch kind {
			case 0: // Zero diagonal.
				if i == j {
					v = 0
				}
			case 1: // Small diagonal, large off-diagonal band.
				if i == j {
					v *= 1e-3
				} else if j-i == 1+i%3 {
					v *= 100
				}
			case 2: // Every third row and column zero.
				if i%3 == 0 || j%3 == 0 {
					v = 0
				}
			}
			a.SetSym(i, j, v)
		}
	}
	return a
}

func TestInertiaOf(t *testing.T) {
	t.Parallel()
	// Sizes around the panel width ldl.BlockSize = 96 and its multiples.
	for _, n := range []int{1, 2, 3, 10, 63, 95, 96, 97, 191, 193, 300} {
		for kind := range 6 {
			rnd := rand.New(rand.NewPCG(uint64(n), uint64(kind)+10))
			var a *mat.SymDense
			name := ""
			if kind < 3 {
				a, name = testSym(rnd, n, kind), kindNames[kind]
			} else {
				a, name = pivotTest(rnd, n, kind-3), fmt.Sprintf("pivot%d", kind-3)
			}
			ref := refEigenvalues(a)
			anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]), 1)
			// A threshold far above the backward error n·ε·‖A‖ of the
			// factorization and far below the gaps of the test spectra,
			// whose zero eigenvalues are exact zeros up to rounding.
			tol := 1e-8 * anorm
			for _, tl := range []float64{tol, 0} {
				if tl == 0 && (kind == kindRepeated || kind == 5) {
					// Exact zeros are perturbed by rounding: tol 0 is not
					// meaningful for them.
					continue
				}
				want := countInertia(ref, tl)
				got, err := InertiaOf(a, tl)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("n=%d %s tol=%g: InertiaOf = %+v, from eigenvalues %+v", n, name, tl, got, want)
				}
			}
		}
	}
}

// TestInertiaOfScaled checks matrices near the ends of the floating-point
// range, which InertiaOf rescales: the counts must not change.
func TestInertiaOfScaled(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(3, 30))
	a := testSym(rnd, 150, kindRandom)
	want, err := InertiaOf(a, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []float64{1e-300, 1e-200, 1e200, 1e300} {
		var b mat.SymDense
		b.ScaleSym(f, a)
		got, err := InertiaOf(&b, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("scaled by %g: InertiaOf = %+v, unscaled %+v", f, got, want)
		}
		lam, err := SmallestEigenvalues(&b, 2)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := SmallestEigenvalues(a, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range lam {
			// Power-of-two scaling is exact; the scaled run may differ
			// only by the rounding of f itself and Lanczos's tolerance.
			if math.Abs(lam[i]/f-ref[i]) > 1e-9*math.Abs(ref[i]) {
				t.Errorf("scaled by %g: λ_%d/scale = %v, unscaled %v", f, i+1, lam[i]/f, ref[i])
			}
		}
		got, err = InertiaOf(&b, 1e-8*f)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("scaled by %g, tol 1e-8·scale: InertiaOf = %+v, unscaled %+v", f, got, want)
		}
	}
}

// TestInertiaOfLarge covers several panels, with lazy column updates large
// enough for the BLAS to split them over goroutines.
func TestInertiaOfLarge(t *testing.T) {
	t.Parallel()
	const n = 520
	for kind, a := range []*mat.SymDense{
		testSym(rand.New(rand.NewPCG(5, 50)), n, kindRandom),
		pivotTest(rand.New(rand.NewPCG(5, 51)), n, 0),
	} {
		ref := refEigenvalues(a)
		got, err := InertiaOf(a, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := countInertia(ref, 0); got != want {
			t.Errorf("kind %d: InertiaOf = %+v, from eigenvalues %+v", kind, got, want)
		}
	}
}

// TestInertiaSchurGrowth checks the guard on the Schur complement that a
// stopped Cholesky factorization leaves: [δ 1 1; 1 1 0; 1 0 1] with
// δ = 1e-20 has the pivot δ > 0, after which S = I − 11ᵀ/δ rounds to
// −1e20·11ᵀ, and S's LDLᵀ would count one zero eigenvalue where A has
// two positive ones and one negative. The guard (S's diagonal far below
// −schurGrowth·max |aᵢⱼ|) sends A to Bunch–Kaufman as a whole. The block
// is placed after n0 rows of the identity, so that the stop comes inside
// the recursion, and followed by n1 more, which S then contains.
func TestInertiaSchurGrowth(t *testing.T) {
	for _, n0 := range []int{0, 40, 90} {
		for _, n1 := range []int{0, 50} {
			n := n0 + 3 + n1
			a := mat.NewSymDense(n, nil)
			for i := range n {
				a.SetSym(i, i, 1)
			}
			a.SetSym(n0, n0, 1e-20)
			a.SetSym(n0, n0+1, 1)
			a.SetSym(n0, n0+2, 1)
			want := Inertia{Neg: 1, Pos: n - 1}
			for _, tol := range []float64{0, 1e-8} {
				got, err := InertiaOf(a, tol)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("n0 = %d, n1 = %d, tol = %v: InertiaOf = %+v, want %+v", n0, n1, tol, got, want)
				}
				if c, err := CountBelow(a, -tol); err != nil || c != want.Neg {
					t.Errorf("n0 = %d, n1 = %d: CountBelow(a, %v) = %d, %v; want %d", n0, n1, -tol, c, err, want.Neg)
				}
				if n > 64 {
					_, in, err := MinEigenInertia(a, tol)
					if err != nil {
						t.Fatal(err)
					}
					if in != want {
						t.Errorf("n0 = %d, n1 = %d, tol = %v: MinEigenInertia's inertia = %+v, want %+v", n0, n1, tol, in, want)
					}
				}
			}
		}
	}
}

func TestInertiaOfZeroMatrix(t *testing.T) {
	t.Parallel()
	a := mat.NewSymDense(70, nil)
	got, err := InertiaOf(a, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got != (Inertia{Zero: 70}) {
		t.Errorf("InertiaOf(0) = %+v, want all zero", got)
	}
}

func TestInertiaOfErrors(t *testing.T) {
	t.Parallel()
	if _, err := InertiaOf(&mat.SymDense{}, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v, want ErrEmpty", err)
	}
	a := mat.NewSymDense(3, nil)
	a.SetSym(1, 2, math.NaN())
	if _, err := InertiaOf(a, 0); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: err = %v, want ErrNotFinite", err)
	}
	if _, err := SmallestEigenvalues(a, 1); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: err = %v, want ErrNotFinite", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("negative tolerance did not panic")
			}
		}()
		InertiaOf(mat.NewSymDense(2, nil), -1) //nolint:errcheck
	}()
}

func TestSmallestEigenvalues(t *testing.T) {
	t.Parallel()
	for _, n := range []int{5, 64, 200} {
		for kind := range kindNames {
			for _, k := range []int{1, 3} {
				rnd := rand.New(rand.NewPCG(uint64(n), uint64(kind)+20))
				a := testSym(rnd, n, kind)
				ref := refEigenvalues(a)
				got, err := SmallestEigenvalues(a, k)
				if err != nil {
					t.Fatalf("n=%d %s k=%d: %v", n, kindNames[kind], k, err)
				}
				anorm := max(math.Abs(ref[0]), math.Abs(ref[n-1]))
				for i := range k {
					// Lanczos accepts residuals ≤ 1e-10·‖A‖, which bounds
					// the eigenvalue error by the same amount.
					if d := math.Abs(got[i] - ref[i]); d > 1e-10*anorm {
						t.Errorf("n=%d %s k=%d: λ_%d = %v, reference %v", n, kindNames[kind], k, i+1, got[i], ref[i])
					}
				}
			}
		}
	}
}

// BenchmarkPartialSpectrum times what classifying a critical point needs
// without a full decomposition, on the random symmetric matrices of
// BenchmarkEigenSym's size: the inertia with threshold 1e-8 (InertiaOf, two
// factorizations for these indefinite matrices), λ_min
// (SmallestEigenvalues), and both together by MinEigenInertia
// ("inertia+min", to set beside BenchmarkEigenSym/n=…/values). Real
// Hessians: BenchmarkPartialSpectrumHessian.
func BenchmarkPartialSpectrum(b *testing.B) {
	for _, n := range []int{1000, 2500} {
		rnd := rand.New(rand.NewPCG(1, 3))
		a := testSym(rnd, n, kindRandom)
		inertia := func(b *testing.B) {
			if _, err := InertiaOf(a, 1e-8); err != nil {
				b.Fatal(err)
			}
		}
		lmin := func(b *testing.B) {
			if _, err := SmallestEigenvalues(a, 1); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("n=%d/inertia", n), func(b *testing.B) {
			for b.Loop() {
				inertia(b)
			}
		})
		b.Run(fmt.Sprintf("n=%d/min", n), func(b *testing.B) {
			for b.Loop() {
				lmin(b)
			}
		})
		b.Run(fmt.Sprintf("n=%d/inertia+min", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := MinEigenInertia(a, 1e-8); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWorkingCopy checks workingCopy and loadUpper against finiteCopy,
// maxAbsTriangle, CopySym and shiftDiag: on sizes with one and two row parts
// (n ≥ 256), on a view with stride > n, and on the first non-finite entry
// reported when each part, or both, hold one (the row-major first wins).
func TestWorkingCopy(t *testing.T) {
	// Two parts need two cores (upperParts): set them, whatever the machine.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	if p := upperParts(256); len(p) != 3 {
		t.Fatalf("upperParts(256) = %v, want two parts", p)
	}
	for _, n := range []int{1, 5, 255, 256, 301} {
		rnd := rand.New(rand.NewPCG(uint64(n), 77))
		big := mat.NewSymDense(n+3, nil)
		for i := range n + 3 {
			for j := i; j < n+3; j++ {
				big.SetSym(i, j, rnd.NormFloat64())
			}
		}
		a := big.SliceSym(1, n+1).(*mat.SymDense) // stride n+3
		s, amax, err := workingCopy(a)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		ref, _ := finiteCopy(a)
		if !mat.Equal(s, ref) || amax != maxAbsTriangle(ref.RawSymmetric()) {
			t.Errorf("n=%d: copy or max |aᵢⱼ| = %v differs from finiteCopy's", n, amax)
		}
		// loadUpper: scaled by a power of two and shifted, both exact.
		loadUpper(s, a, 0.25, 3)
		want := mat.NewSymDense(n, nil)
		want.CopySym(a)
		scaleTriangle(want.RawSymmetric(), 0.25)
		shiftDiag(want.RawSymmetric(), 3)
		if !mat.Equal(s, want) {
			t.Errorf("n=%d: loadUpper differs", n)
		}
		// Non-finite entries in the first part, the second, and both.
		for _, bad := range [][][2]int{{{0, n - 1}}, {{n - 1, n - 1}}, {{n / 2, n - 1}, {n - 1, n - 1}}} {
			c := mat.NewSymDense(n, nil)
			c.CopySym(a)
			for k, rc := range bad {
				c.SetSym(rc[0], rc[1], []float64{math.NaN(), math.Inf(-1)}[k])
			}
			_, _, err := workingCopy(c)
			_, wantErr := finiteCopy(c)
			var got, exp *NotFiniteError
			if !errors.As(err, &got) || !errors.As(wantErr, &exp) || got.Row != exp.Row || got.Col != exp.Col {
				t.Errorf("n=%d: error %v, want %v", n, err, wantErr)
			}
		}
	}
}

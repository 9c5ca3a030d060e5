// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	gonumblas "gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// testMatrix kinds for the eigensolver checks, after LAPACK's test matrices:
// a random symmetric matrix, one with eigenvalues in tight clusters, and one
// with exactly repeated eigenvalues (Q·diag(λ)·Qᵀ with random orthogonal Q).
const (
	kindRandom = iota
	kindClustered
	kindRepeated
)

var kindNames = []string{"random", "clustered", "repeated"}

// randomOrthogonal returns a random n×n orthogonal matrix, the Q factor of a
// Gaussian matrix.
func randomOrthogonal(rnd *rand.Rand, n int) *mat.Dense {
	g := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			g.Set(i, j, rnd.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return &q
}

// testSym returns an n×n symmetric test matrix of the given kind.
func testSym(rnd *rand.Rand, n, kind int) *mat.SymDense {
	a := mat.NewSymDense(n, nil)
	if kind == kindRandom {
		for i := range n {
			for j := i; j < n; j++ {
				a.SetSym(i, j, rnd.NormFloat64())
			}
		}
		return a
	}
	lam := make([]float64, n)
	for i := range lam {
		switch kind {
		case kindClustered:
			// Five clusters of width 1e-10 around -2, -1, 0, 1, 2.
			lam[i] = float64(i%5-2) + 1e-10*rnd.Float64()
		case kindRepeated:
			// Three exactly repeated values, one of them zero.
			lam[i] = float64(i%3 - 1)
		}
	}
	q := randomOrthogonal(rnd, n)
	var qd mat.Dense
	qd.Apply(func(_, j int, v float64) float64 { return v * lam[j] }, q)
	var full mat.Dense
	full.Mul(&qd, q.T())
	for i := range n {
		for j := i; j < n; j++ {
			a.SetSym(i, j, (full.At(i, j)+full.At(j, i))/2)
		}
	}
	return a
}

// checkEigen checks w and q against a: ‖AQ − QΛ‖₁ ≤ c·n·ε·‖A‖₁ and
// ‖QᵀQ − I‖₁ ≤ c·n·ε, the measures of LAPACK's dsyt21 test with its
// threshold of a small multiple (c = 30 here; LAPACK's tests use 30) of n·ε.
func checkEigen(t *testing.T, a mat.Symmetric, w []float64, q *mat.Dense) {
	t.Helper()
	n := a.SymmetricDim()
	const c = 30
	eps := math.Nextafter(1, 2) - 1
	anorm := mat.Norm(a, 1)
	var aq, ql mat.Dense
	aq.Mul(a, q)
	ql.Apply(func(_, j int, v float64) float64 { return v * w[j] }, q)
	aq.Sub(&aq, &ql)
	if r := mat.Norm(&aq, 1) / (float64(n) * eps * max(anorm, 1)); r > c {
		t.Errorf("‖AQ − QΛ‖₁/(n·ε·‖A‖₁) = %.3g > %d", r, c)
	}
	var qtq mat.Dense
	qtq.Mul(q.T(), q)
	for i := range n {
		qtq.Set(i, i, qtq.At(i, i)-1)
	}
	if r := mat.Norm(&qtq, 1) / (float64(n) * eps); r > c {
		t.Errorf("‖QᵀQ − I‖₁/(n·ε) = %.3g > %d", r, c)
	}
}

// refEigenvalues returns the eigenvalues of a computed by gonum's pure-Go
// Dsyev, the reference the fast paths are checked against.
func refEigenvalues(a mat.Symmetric) []float64 {
	n := a.SymmetricDim()
	s := mat.NewSymDense(n, nil)
	s.CopySym(a)
	// Scale exactly to max |aᵢⱼ| ∈ [½, 1): gonum v0.17.0's Dsterf panics
	// when it rescales a tiny matrix itself.
	_, exp := math.Frexp(mat.Norm(s, math.Inf(1)) / float64(n))
	s.ScaleSym(math.Ldexp(1, -exp), s)
	raw := s.RawSymmetric()
	w := make([]float64, n)
	defer func() {
		for i := range w {
			w[i] = math.Ldexp(w[i], exp)
		}
	}()
	var impl gonumlapack.Implementation
	work := []float64{0}
	impl.Dsyev(lapack.EVNone, raw.Uplo, n, raw.Data, raw.Stride, w, work, -1)
	work = make([]float64, int(work[0]))
	if !impl.Dsyev(lapack.EVNone, raw.Uplo, n, raw.Data, raw.Stride, w, work, len(work)) {
		panic("reference Dsyev failed")
	}
	return w
}

// checkValues checks that w equals the reference eigenvalues of a to
// 1e-12·‖A‖₂ (the bound; both solvers are backward stable, so they
// agree to a small multiple of n·ε·‖A‖, far below it for n ≤ 1000).
func checkValues(t *testing.T, a mat.Symmetric, w []float64) {
	t.Helper()
	ref := refEigenvalues(a)
	anorm := max(math.Abs(ref[0]), math.Abs(ref[len(ref)-1]))
	for i := range ref {
		if d := math.Abs(w[i] - ref[i]); d > 1e-12*anorm {
			t.Errorf("λ_%d = %v, reference %v: |Δ| = %.3g > 1e-12·‖A‖", i, w[i], ref[i], d)
			return
		}
	}
}

func TestSymEigen(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 5, 40, 130, 300} {
		for kind := range kindNames {
			t.Run(fmt.Sprintf("n=%d/%s", n, kindNames[kind]), func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(uint64(n), uint64(kind)))
				a := testSym(rnd, n, kind)
				if n == 130 {
					// Far outside the safe range, so that the solvers
					// scale: the checks below are relative to ‖A‖.
					a.ScaleSym([]float64{1e-160, 1, 1e160}[kind], a)
				}

				c := mat.NewSymDense(n, nil)
				c.CopySym(a)
				w := make([]float64, n)
				if !symEigen(w, nil, c, maxAbsTriangle(c.RawSymmetric())) {
					t.Fatal("values: not converged")
				}
				checkValues(t, a, w)

				c.CopySym(a)
				wv := make([]float64, n)
				q := mat.NewDense(n, n, nil)
				if !symEigen(wv, q, c, maxAbsTriangle(c.RawSymmetric())) {
					t.Fatal("vectors: not converged")
				}
				checkValues(t, a, wv)
				checkEigen(t, a, wv, q)
			})
		}
	}
}

// randGeneral returns r×c random entries with stride ld ≥ c, the padding
// filled with a sentinel that must survive every BLAS call.
func randGeneral(rnd *rand.Rand, r, c, ld int) []float64 {
	a := make([]float64, max(0, (r-1)*ld+c))
	for i := range a {
		if i%ld < c {
			a[i] = rnd.NormFloat64()
		} else {
			a[i] = sentinel
		}
	}
	return a
}

const sentinel = 1234.5

func TestDgemmMatchesReference(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(1, 1))
	impl := blas64.Implementation()
	var ref gonumblas.Implementation
	shapes := [][3]int{{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {7, 5, 3}, {33, 64, 17}, {64, 65, 66}, {130, 70, 129}, {257, 31, 200}, {5, 300, 260}, {300, 1, 200}, {1, 300, 200}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, pad := range []int{0, 3} {
					ar, ac := m, k
					if tA == blas.Trans {
						ar, ac = k, m
					}
					br, bc := k, n
					if tB == blas.Trans {
						br, bc = n, k
					}
					lda, ldb, ldc := max(1, ac)+pad, max(1, bc)+pad, max(1, n)+pad
					a := randGeneral(rnd, ar, ac, lda)
					b := randGeneral(rnd, br, bc, ldb)
					c := randGeneral(rnd, m, n, ldc)
					want := append([]float64(nil), c...)
					alpha, beta := rnd.NormFloat64(), rnd.NormFloat64()
					if pad == 0 {
						beta = 0
					}
					impl.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
					ref.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
					// Each entry is a sum of k products computed in another
					// order: the difference is bounded by 2k·ε·Σ|α·aᵢₗ·bₗⱼ| + ε|β·cᵢⱼ| (Higham, §3.5).
					// We bound Σ|aᵢₗbₗⱼ| by k·max|a|·max|b| ≤ k·36 for Gaussian entries at these sizes.
					tol := 2*float64(k+1)*1.2e-16*(math.Abs(alpha)*float64(k)*36+math.Abs(beta)*6) + 1e-300
					for i := range c {
						if i%ldc >= n {
							if c[i] != sentinel {
								t.Fatalf("m=%d n=%d k=%d %c%c: padding of C overwritten", m, n, k, tA, tB)
							}
							continue
						}
						if math.Abs(c[i]-want[i]) > tol {
							t.Fatalf("m=%d n=%d k=%d %c%c pad=%d: C[%d] = %v, reference %v", m, n, k, tA, tB, pad, i, c[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestLevel2And3MatchReference(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(2, 1))
	impl := blas64.Implementation()
	var ref gonumblas.Implementation
	// Entries are O(1) Gaussians and the sums have at most 200 terms, so
	// 1e-12 is ~40× the rounding bound 2k·ε·Σ|terms|.
	const tol = 1e-12
	for _, n := range []int{3, 70, 200} {
		for _, k := range []int{5, 90} {
			for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
				for _, tr := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					ar, ac := n, k
					if tr == blas.Trans {
						ar, ac = k, n
					}
					a := randGeneral(rnd, ar, ac, ac+1)
					b := randGeneral(rnd, ar, ac, ac+2)
					c := randGeneral(rnd, n, n, n+1)
					want := append([]float64(nil), c...)
					impl.Dsyrk(ul, tr, n, k, 0.5, a, ac+1, 2, c, n+1)
					ref.Dsyrk(ul, tr, n, k, 0.5, a, ac+1, 2, want, n+1)
					if !floats.EqualApprox(c, want, tol) {
						t.Fatalf("Dsyrk n=%d k=%d %c %c differs", n, k, ul, tr)
					}
					copy(c, want)
					impl.Dsyr2k(ul, tr, n, k, 0.5, a, ac+1, b, ac+2, 2, c, n+1)
					ref.Dsyr2k(ul, tr, n, k, 0.5, a, ac+1, b, ac+2, 2, want, n+1)
					if !floats.EqualApprox(c, want, tol) {
						t.Fatalf("Dsyr2k n=%d k=%d %c %c differs", n, k, ul, tr)
					}
					// Dgemv on the ar×ac matrix a, with strided x and y.
					lx, ly := ac, ar
					if tr == blas.Trans {
						lx, ly = ar, ac
					}
					x := randGeneral(rnd, lx, 1, 2)
					y := randGeneral(rnd, ly, 1, 3)
					wy := append([]float64(nil), y...)
					impl.Dgemv(tr, ar, ac, 1.5, a, ac+1, x, 2, -1, y, 3)
					ref.Dgemv(tr, ar, ac, 1.5, a, ac+1, x, 2, -1, wy, 3)
					if !floats.EqualApprox(y, wy, tol) {
						t.Fatalf("Dgemv %dx%d %c differs", ar, ac, tr)
					}
					// Dsymv and the triangular routines on the n×n matrix c.
					xs := randGeneral(rnd, n, 1, 1)
					ys := randGeneral(rnd, n, 1, 1)
					wys := append([]float64(nil), ys...)
					impl.Dsymv(ul, n, 0.7, c, n+1, xs, 1, 0.3, ys, 1)
					ref.Dsymv(ul, n, 0.7, c, n+1, xs, 1, 0.3, wys, 1)
					if !floats.EqualApprox(ys, wys, tol) {
						t.Fatalf("Dsymv n=%d %c differs", n, ul)
					}
					// A well-conditioned triangle: c with n on the diagonal.
					tri := append([]float64(nil), c...)
					for i := range n {
						tri[i*(n+1)+i] = float64(n)
					}
					for _, side := range []blas.Side{blas.Left, blas.Right} {
						m, nn := n, k
						if side == blas.Right {
							m, nn = k, n
						}
						bb := randGeneral(rnd, m, nn, nn+1)
						wb := append([]float64(nil), bb...)
						impl.Dtrsm(side, ul, tr, blas.NonUnit, m, nn, 2, tri, n+1, bb, nn+1)
						ref.Dtrsm(side, ul, tr, blas.NonUnit, m, nn, 2, tri, n+1, wb, nn+1)
						if !floats.EqualApprox(bb, wb, tol) {
							t.Fatalf("Dtrsm n=%d %c %c %c differs", n, side, ul, tr)
						}
						impl.Dtrmm(side, ul, tr, blas.Unit, m, nn, 2, tri, n+1, bb, nn+1)
						ref.Dtrmm(side, ul, tr, blas.Unit, m, nn, 2, tri, n+1, wb, nn+1)
						if !floats.EqualApprox(bb, wb, 1e-10) {
							t.Fatalf("Dtrmm n=%d %c %c %c differs", n, side, ul, tr)
						}
					}
				}
			}
		}
	}
}

// TestDsyevWorkQuery checks that the installed Dsyev keeps gonum's contract:
// a workspace query, then eigenvectors in the columns of a.
func TestDsyevWorkQuery(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 90} {
		for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
			rnd := rand.New(rand.NewPCG(uint64(n), 7))
			a := testSym(rnd, n, kindRandom)
			s := mat.NewSymDense(n, nil)
			s.CopySym(a)
			raw := s.RawSymmetric()
			if ul == blas.Lower {
				// Move the matrix to the lower triangle, garbage above.
				for i := range n {
					for j := i + 1; j < n; j++ {
						raw.Data[j*raw.Stride+i] = raw.Data[i*raw.Stride+j]
						raw.Data[i*raw.Stride+j] = math.NaN()
					}
				}
			}
			sym := blas64.Symmetric{N: n, Stride: raw.Stride, Data: raw.Data, Uplo: ul}
			w := make([]float64, n)
			work := []float64{0}
			lapack64.Syev(lapack.EVCompute, sym, w, work, -1)
			if work[0] < 1 {
				t.Fatalf("n=%d: work query returned %v", n, work[0])
			}
			work = make([]float64, int(work[0]))
			if !lapack64.Syev(lapack.EVCompute, sym, w, work, len(work)) {
				t.Fatalf("n=%d: not converged", n)
			}
			if n == 0 {
				continue
			}
			checkValues(t, a, w)
			checkEigen(t, a, w, mat.NewDense(n, n, raw.Data[:(n-1)*raw.Stride+n]))
		}
	}
}

// TestDsymvStrided checks the installed Dsymv on strided and reversed
// vectors, the way LAPACK's tridiagonal reduction calls it.
func TestDsymvStrided(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(9, 9))
	impl := blas64.Implementation()
	var ref gonumblas.Implementation
	for _, n := range []int{65, 300} {
		for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
			for _, inc := range [][2]int{{2, 3}, {-1, 2}, {3, -2}} {
				a := randGeneral(rnd, n, n, n+1)
				x := randGeneral(rnd, n, 1, abs(inc[0]))
				y := randGeneral(rnd, n, 1, abs(inc[1]))
				want := append([]float64(nil), y...)
				impl.Dsymv(ul, n, 0.7, a, n+1, x, inc[0], 0.3, y, inc[1])
				ref.Dsymv(ul, n, 0.7, a, n+1, x, inc[0], 0.3, want, inc[1])
				// Sums of n products of N(0,1) entries in two orders: well
				// within 2n·ε·36n.
				if !floats.EqualApprox(y, want, 1e-11) {
					t.Fatalf("Dsymv n=%d %c inc=%v differs", n, ul, inc)
				}
			}
		}
	}
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// TestSymEigenDeterministic checks that eigenvalues and eigenvectors are the
// same bit for bit at any GOMAXPROCS (the project's reproducibility rule).
func TestSymEigenDeterministic(t *testing.T) {
	n := 400
	a := testSym(rand.New(rand.NewPCG(11, 12)), n, kindRandom)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var w0 []float64
	var q0 *mat.Dense
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		c := mat.NewSymDense(n, nil)
		c.CopySym(a)
		w := make([]float64, n)
		q := mat.NewDense(n, n, nil)
		if !symEigen(w, q, c, maxAbsTriangle(c.RawSymmetric())) {
			t.Fatal("not converged")
		}
		if w0 == nil {
			w0, q0 = w, q
			continue
		}
		for i := range w {
			if w[i] != w0[i] {
				t.Fatalf("GOMAXPROCS=%d: λ_%d = %v, with 1: %v", procs, i, w[i], w0[i])
			}
		}
		if !mat.Equal(q, q0) {
			t.Fatalf("GOMAXPROCS=%d: eigenvectors differ from GOMAXPROCS=1", procs)
		}
	}
}

// TestDgemvLarge checks the installed Dgemv on matrices large enough to be
// split over goroutines (pure Go: bit for bit equal to gonum's).
func TestDgemvLarge(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(13, 13))
	impl := blas64.Implementation()
	var ref gonumblas.Implementation
	m, n := 301, 400
	a := randGeneral(rnd, m, n, n+3)
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, inc := range [][2]int{{1, 1}, {2, 3}, {-1, 1}} {
			lx, ly := n, m
			if tA == blas.Trans {
				lx, ly = m, n
			}
			x := randGeneral(rnd, lx, 1, abs(inc[0]))
			y := randGeneral(rnd, ly, 1, abs(inc[1]))
			want := append([]float64(nil), y...)
			impl.Dgemv(tA, m, n, 0.7, a, n+3, x, inc[0], -0.3, y, inc[1])
			ref.Dgemv(tA, m, n, 0.7, a, n+3, x, inc[0], -0.3, want, inc[1])
			// Sums of 400 products of N(0,1) entries in two orders: well
			// within 2n·ε·36n.
			if !floats.EqualApprox(y, want, 1e-11) {
				t.Fatalf("Dgemv %c inc=%v differs", tA, inc)
			}
		}
	}
}

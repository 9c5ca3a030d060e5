// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gemm

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	gonumblas "gonum.org/v1/gonum/blas/gonum"
)

// symTol bounds the difference of two orderings of sums of at most k
// products of N(0,1) entries, 2k·ε·Σ|terms| with Σ|terms| ≤ 36k (Higham §3.5),
// plus the β·C term.
func symTol(k int) float64 { return 2*float64(k+2)*1.2e-16*36*float64(k+2) + 1e-14 }

func TestDsyr2k(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(5, 6))
		var ref gonumblas.Implementation
		for _, n := range []int{1, 7, 97, 200} {
			for _, k := range []int{1, 33} {
				for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
					for _, tr := range []blas.Transpose{blas.NoTrans, blas.Trans} {
						for _, beta := range []float64{0, 1, 0.5} {
							ar, ac := n, k
							if tr == blas.Trans {
								ar, ac = k, n
							}
							a := randGeneral(rnd, ar, ac, ac+2)
							b := randGeneral(rnd, ar, ac, ac+1)
							c := randGeneral(rnd, n, n, n+3)
							want := append([]float64(nil), c...)
							Dsyr2k(ul, tr, n, k, -1.25, a, ac+2, b, ac+1, beta, c, n+3)
							ref.Dsyr2k(ul, tr, n, k, -1.25, a, ac+2, b, ac+1, beta, want, n+3)
							for i := range c {
								if math.Abs(c[i]-want[i]) > symTol(2*k) {
									t.Fatalf("n=%d k=%d %c %c β=%v: C[%d] = %v, reference %v", n, k, ul, tr, beta, i, c[i], want[i])
								}
							}
							Dsyrk(ul, tr, n, k, 0.75, a, ac+2, beta, c, n+3)
							ref.Dsyrk(ul, tr, n, k, 0.75, a, ac+2, beta, want, n+3)
							for i := range c {
								if math.Abs(c[i]-want[i]) > symTol(2*k) {
									t.Fatalf("Dsyrk n=%d k=%d %c %c β=%v: C[%d] = %v, reference %v", n, k, ul, tr, beta, i, c[i], want[i])
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestSyrkTriangle checks Dsyrk and Dsyr2k against a one-goroutine Dgemm on
// their triangle, and that they leave the other triangle alone, with the
// same bits at GOMAXPROCS 1, 2 and 3: with several blocks of kc terms, row
// blocks of syr2kBlock and nc columns, and the diagonal crossing micro-tiles
// at every offset. For α = −1 the bits are Dgemm's: the micro-tiles the
// diagonal crosses are summed into a buffer first, and c + (−s) rounds as
// the kernels' fused c − s does; for other α within symTol.
func TestSyrkTriangle(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	withKernel(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(11, 12))
		for _, nk := range [][2]int{{1, 1}, {29, 530}, {97, 257}, {301, 40}, {nc + 37, 3}} {
			n, k := nk[0], nk[1]
			for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
				for _, tr := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					for _, two := range []bool{false, true} {
						ar, ac := n, k
						tA, tB := blas.NoTrans, blas.Trans
						if tr == blas.Trans {
							ar, ac = k, n
							tA, tB = blas.Trans, blas.NoTrans
						}
						a := randGeneral(rnd, ar, ac, ac+2)
						b := a
						ldb := ac + 2
						if two {
							b, ldb = randGeneral(rnd, ar, ac, ac+1), ac+1
						}
						c0 := randGeneral(rnd, n, n, n+3)
						alpha, beta := -1.0, 0.5
						if two != (tr == blas.Trans) {
							alpha = -1.25
						}
						want := append([]float64(nil), c0...)
						dgemm(1, tA, tB, n, n, k, alpha, a, ac+2, b, ldb, beta, want, n+3)
						if two {
							dgemm(1, tA, tB, n, n, k, alpha, b, ldb, a, ac+2, 1, want, n+3)
						}
						var first []float64
						for _, procs := range []int{1, 2, 3} {
							runtime.GOMAXPROCS(procs)
							c := append([]float64(nil), c0...)
							if two {
								Dsyr2k(ul, tr, n, k, alpha, a, ac+2, b, ldb, beta, c, n+3)
							} else {
								Dsyrk(ul, tr, n, k, alpha, a, ac+2, beta, c, n+3)
							}
							for i := range n {
								for j := range n {
									got, w := c[i*(n+3)+j], want[i*(n+3)+j]
									if (ul == blas.Upper && j < i) || (ul == blas.Lower && j > i) {
										w = c0[i*(n+3)+j]
									}
									if first != nil && math.Float64bits(got) != math.Float64bits(first[i*(n+3)+j]) {
										t.Fatalf("n=%d k=%d %c %c two=%t: C[%d,%d] depends on GOMAXPROCS", n, k, ul, tr, two, i, j)
									}
									if alpha == -1 && math.Float64bits(got) != math.Float64bits(w) ||
										math.Abs(got-w) > symTol(2*k) {
										t.Fatalf("n=%d k=%d %c %c two=%t α=%v GOMAXPROCS=%d: C[%d,%d] = %v, want %v", n, k, ul, tr, two, alpha, procs, i, j, got, w)
									}
								}
							}
							for i := n*(n+3) - 3; i < len(c); i++ {
								if c[i] != c0[i] {
									t.Fatalf("n=%d: padding C[%d] written", n, i)
								}
							}
							first = c
						}
					}
				}
			}
		}
	})
}

func TestDsymv(t *testing.T) {
	t.Run("rows4", testDsymv)
	if axpyDot4 != nil {
		saved := axpyDot4
		axpyDot4 = nil
		defer func() { axpyDot4 = saved }()
		t.Run("rows1", testDsymv)
	}
}

func testDsymv(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	var ref gonumblas.Implementation
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, n := range []int{1, 2, 9, 255, 256, 600} {
		for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
			for _, beta := range []float64{0, 1, -2} {
				a := randGeneral(rnd, n, n, n+1)
				x := randGeneral(rnd, n, 1, 1)
				y := randGeneral(rnd, n, 1, 1)
				want := append([]float64(nil), y...)
				Dsymv(ul, n, 0.75, a, n+1, x, beta, y)
				ref.Dsymv(ul, n, 0.75, a, n+1, x, 1, beta, want, 1)
				for i := range y {
					if math.Abs(y[i]-want[i]) > symTol(n) {
						t.Fatalf("n=%d %c β=%v: y[%d] = %v, reference %v", n, ul, beta, i, y[i], want[i])
					}
				}
				// Bit for bit the same with one goroutine.
				y1 := append([]float64(nil), want...)
				y2 := append([]float64(nil), want...)
				runtime.GOMAXPROCS(1)
				Dsymv(ul, n, 0.75, a, n+1, x, beta, y1)
				runtime.GOMAXPROCS(3)
				Dsymv(ul, n, 0.75, a, n+1, x, beta, y2)
				for i := range y1 {
					if y1[i] != y2[i] {
						t.Fatalf("n=%d: Dsymv depends on GOMAXPROCS", n)
					}
				}
			}
		}
	}
}

func TestAxpyDot(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	for v, f := range axpyDots {
		for _, n := range []int{0, 1, 3, 7, 8, 15, 16, 17, 33, 100} {
			a := randGeneral(rnd, n, 1, 1)
			x := randGeneral(rnd, n, 1, 1)
			y := randGeneral(rnd, n, 1, 1)
			want := append([]float64(nil), y...)
			wdot := axpyDotGo(a, x, want, -0.5)
			dot := f(a, x, y, -0.5)
			// Sums of n products of N(0,1) entries in different orders.
			if math.Abs(dot-wdot) > symTol(n) {
				t.Fatalf("version %d n=%d: dot = %v, want %v", v, n, dot, wdot)
			}
			for i := range y {
				if math.Abs(y[i]-want[i]) > 1e-15 {
					t.Fatalf("version %d n=%d: y[%d] = %v, want %v", v, n, i, y[i], want[i])
				}
			}
		}
	}
}

// TestSymvUpperRows checks that the accumulators of a partition of the rows
// add up to A·x, with and without the four-row kernel.
func TestSymvUpperRows(t *testing.T) {
	saved := axpyDot4
	defer func() { axpyDot4 = saved }()
	rnd := rand.New(rand.NewPCG(11, 12))
	var ref gonumblas.Implementation
	for _, four := range []bool{true, false} {
		if !four {
			axpyDot4 = nil
		}
		for _, n := range []int{0, 1, 5, 9, 64, 131} {
			a := randGeneral(rnd, n, n, n+2)
			x := randGeneral(rnd, n, 1, 1)
			want := make([]float64, n)
			if n > 0 {
				ref.Dsymv(blas.Upper, n, 1, a, n+2, x, 1, 0, want, 1)
			}
			cut := n / 3
			acc0 := make([]float64, n)
			acc1 := make([]float64, n)
			SymvUpperRows(n, a, n+2, x, acc0, 0, cut)
			SymvUpperRows(n, a, n+2, x, acc1, cut, n)
			for i := range n {
				if got := acc0[i] + acc1[i]; math.Abs(got-want[i]) > symTol(n) {
					t.Fatalf("four=%v n=%d: (A·x)[%d] = %v, reference %v", four, n, i, got, want[i])
				}
			}
		}
	}
}

// TestGemmtUpperRows checks the upper triangle of C − [V; W]ᵀ·[W; V]
// against the reference Dsyr2k, computed in two parts of rows, and that the
// lower triangle is not touched.
func TestGemmtUpperRows(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	var ref gonumblas.Implementation
	for _, n := range []int{1, 7, 97, 200} {
		for _, k := range []int{1, 16} {
			ld := n + 3
			v := randGeneral(rnd, k, n, ld)
			w := randGeneral(rnd, k, n, ld)
			// x = [V; W], y = [W; V], both 2k×n with stride ld.
			x := append(append([]float64(nil), v...), make([]float64, ld-n)...)
			x = append(x, w...)
			y := append(append([]float64(nil), w...), make([]float64, ld-n)...)
			y = append(y, v...)
			c := randGeneral(rnd, n, n, n+1)
			want := append([]float64(nil), c...)
			ref.Dsyr2k(blas.Upper, blas.Trans, n, k, -1, v, ld, w, ld, 1, want, n+1)
			cut := n / 2
			GemmtUpperRows(n, 2*k, -1, x, ld, y, ld, c, n+1, 0, cut)
			GemmtUpperRows(n, 2*k, -1, x, ld, y, ld, c, n+1, cut, n)
			for i := range n {
				for j := range n {
					if got, w := c[i*(n+1)+j], want[i*(n+1)+j]; math.Abs(got-w) > symTol(2*k) {
						t.Fatalf("n=%d k=%d: C(%d, %d) = %v, reference %v", n, k, i, j, got, w)
					}
				}
			}
		}
	}
}

// TestAxpyRows checks y + Σᵣ s[r]·rows[r] for counts around the four-row
// kernel's.
func TestAxpyRows(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	for _, r := range []int{0, 1, 3, 4, 5, 9} {
		for _, n := range []int{0, 1, 7, 33} {
			rows := make([][]float64, r)
			s := make([]float64, r)
			for i := range rows {
				rows[i] = randGeneral(rnd, n, 1, 1)
				s[i] = rnd.NormFloat64()
			}
			y := randGeneral(rnd, n, 1, 1)
			want := append([]float64(nil), y...)
			for i := range rows {
				for j := range want {
					want[j] += s[i] * rows[i][j]
				}
			}
			AxpyRows(y, rows, s)
			for j := range y {
				// r products of N(0,1) values in the same order, fused or
				// not: a few ε·Σ|terms|.
				if math.Abs(y[j]-want[j]) > symTol(r) {
					t.Fatalf("r=%d n=%d: y[%d] = %v, want %v", r, n, j, y[j], want[j])
				}
			}
		}
	}
}

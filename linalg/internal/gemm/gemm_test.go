// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	gonumblas "gonum.org/v1/gonum/blas/gonum"
)

const sentinel = 1234.5

// randGeneral returns r×c N(0,1) entries with stride ld, the padding set to
// a sentinel that Dgemm must leave alone.
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

// withKernel runs f with each micro-kernel this CPU has.
func withKernel(t *testing.T, f func(t *testing.T)) {
	defer use(kernels[len(kernels)-1])
	for _, k := range kernels {
		use(k)
		t.Run(k.name, f)
	}
}

func TestDgemm(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(1, 2))
		var ref gonumblas.Implementation
		shapes := [][3]int{{1, 1, 1}, {5, 7, 3}, {12, 16, 1}, {13, 17, 300}, {200, 3, 9}, {3, 500, 20}, {193, 97, 260}, {13, 490, 20}, {100, 200, 100}, {57, 300, 40}}
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					for _, beta := range []float64{0, 1, -0.5} {
						ar, ac := m, k
						if tA == blas.Trans {
							ar, ac = k, m
						}
						br, bc := k, n
						if tB == blas.Trans {
							br, bc = n, k
						}
						lda, ldb, ldc := ac+1, bc+3, n+2
						a := randGeneral(rnd, ar, ac, lda)
						b := randGeneral(rnd, br, bc, ldb)
						c := randGeneral(rnd, m, n, ldc)
						if beta == 0 {
							// β = 0 must overwrite C, NaN included.
							for i := range c {
								if i%ldc < n {
									c[i] = math.NaN()
								}
							}
						}
						want := append([]float64(nil), c...)
						alpha := 1.5
						Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
						ref.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
						// Both compute each entry as a sum of k products in
						// different orders; the difference is bounded by
						// 2k·ε·|α|·Σ|aᵢₚbₚⱼ| (Higham, Accuracy and Stability,
						// §3.5), and Σ|aᵢₚbₚⱼ| ≤ k·max|a|·max|b| ≤ 36k for
						// these Gaussian entries.
						tol := 2 * float64(k) * 1.2e-16 * alpha * 36 * float64(k)
						for i := range c {
							if i%ldc >= n {
								if c[i] != sentinel {
									t.Fatalf("%d×%d×%d %c%c: padding of C changed", m, n, k, tA, tB)
								}
								continue
							}
							if !(math.Abs(c[i]-want[i]) <= tol) {
								t.Fatalf("%d×%d×%d %c%c β=%v: C[%d] = %v, reference %v", m, n, k, tA, tB, beta, i, c[i], want[i])
							}
						}
					}
				}
			}
		}
	})
}

// TestDgemmDeterministic checks that the result is bit-for-bit the same
// for any GOMAXPROCS.
func TestDgemmDeterministic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	// m = 800 gives 5 blocks of rows: with 1 and 2 goroutines the shared
	// packing of op(B) is used, with 3 and 8 the tiles.
	m, n, k := 800, 500, 300
	a := randGeneral(rnd, m, k, k)
	b := randGeneral(rnd, k, n, n)
	var first []float64
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		c := make([]float64, m*n)
		Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		if first == nil {
			first = c
			continue
		}
		for i := range c {
			if c[i] != first[i] {
				t.Fatalf("GOMAXPROCS=%d: C[%d] = %v, with 1: %v", procs, i, c[i], first[i])
			}
		}
	}
}

func BenchmarkGemm(b *testing.B) {
	for _, n := range []int{256, 1000, 2000} {
		for _, k := range kernels {
			b.Run(fmt.Sprintf("n=%d/%s", n, k.name), func(b *testing.B) {
				use(k)
				defer use(kernels[len(kernels)-1])
				rnd := rand.New(rand.NewPCG(1, 1))
				x := randGeneral(rnd, n, n, n)
				y := randGeneral(rnd, n, n, n)
				c := make([]float64, n*n)
				for b.Loop() {
					Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, x, n, y, n, 0, c, n)
				}
				b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// TestDgemmSplitDeterministic checks that products with fewer tiles than
// goroutines, whose rows are split into smaller blocks, give the same bits
// for any GOMAXPROCS, with edge blocks, transposes, α ≠ 1 and β ≠ 0, 1.
func TestDgemmSplitDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, s := range [][3]int{{100, 200, 100}, {100, 100, 200}, {61, 500, 30}, {190, 97, 300}, {500, 500, 300}, {500, 1000, 100}} {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				ar, ac, br, bc := opDims(tA, tB, m, n, k)
				a := randGeneral(rnd, ar, ac, ac)
				b := randGeneral(rnd, br, bc, bc)
				c0 := randGeneral(rnd, m, n, n)
				var first []float64
				for _, procs := range []int{1, 2, 3, 8} {
					runtime.GOMAXPROCS(procs)
					c := append([]float64(nil), c0...)
					Dgemm(tA, tB, m, n, k, 1.5, a, ac, b, bc, -0.5, c, n)
					if first == nil {
						first = c
						continue
					}
					for i := range c {
						if c[i] != first[i] {
							t.Fatalf("%d×%d×%d %c%c GOMAXPROCS=%d: C[%d] = %v, with 1: %v", m, n, k, tA, tB, procs, i, c[i], first[i])
						}
					}
				}
			}
		}
	}
}

// TestDgemmWide checks products that take the shared packing of op(B)
// (C with at least four blocks of rows), with op(B) wider than one block of
// nc columns and packed by several goroutines (packBParallel), in all four
// transpose cases, against gonum's reference Dgemm, and for the same bits
// at GOMAXPROCS 1, 2 and 3.
func TestDgemmWide(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(7, 8))
	var ref gonumblas.Implementation
	m, n, k := 4*mc+5, nc+2*nr+3, 100
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			ar, ac, br, bc := opDims(tA, tB, m, n, k)
			a := randGeneral(rnd, ar, ac, ac+1)
			b := randGeneral(rnd, br, bc, bc+2)
			c0 := randGeneral(rnd, m, n, n)
			want := append([]float64(nil), c0...)
			ref.Dgemm(tA, tB, m, n, k, 1.5, a, ac+1, b, bc+2, -0.5, want, n)
			// The error bound of TestDgemm: 2k·ε·|α|·36k.
			tol := 2 * float64(k) * 1.2e-16 * 1.5 * 36 * float64(k)
			var first []float64
			for _, procs := range []int{1, 2, 3} {
				runtime.GOMAXPROCS(procs)
				c := append([]float64(nil), c0...)
				Dgemm(tA, tB, m, n, k, 1.5, a, ac+1, b, bc+2, -0.5, c, n)
				if first == nil {
					first = c
					for i := range c {
						if !(math.Abs(c[i]-want[i]) <= tol) {
							t.Fatalf("%d×%d×%d %c%c: C[%d] = %v, reference %v", m, n, k, tA, tB, i, c[i], want[i])
						}
					}
					continue
				}
				for i := range c {
					if c[i] != first[i] {
						t.Fatalf("%d×%d×%d %c%c GOMAXPROCS=%d: C[%d] = %v, with 1: %v", m, n, k, tA, tB, procs, i, c[i], first[i])
					}
				}
			}
		}
	}
}

// opDims returns the dimensions of A (ar×ac) and B (br×bc) for an m×n×k
// product with the transposes tA and tB.
func opDims(tA, tB blas.Transpose, m, n, k int) (ar, ac, br, bc int) {
	ar, ac = m, k
	if tA == blas.Trans {
		ar, ac = k, m
	}
	br, bc = k, n
	if tB == blas.Trans {
		br, bc = n, k
	}
	return ar, ac, br, bc
}

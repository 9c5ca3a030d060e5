// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gemm

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
)

// syr2kBlock is the number of rows of C per task of Dsyrk and Dsyr2k, a
// multiple of every kernel's mr.
const syr2kBlock = 96

// Dsyr2k computes the triangle ul of C = α·A·Bᵀ + α·B·Aᵀ + β·C (t =
// blas.NoTrans, A and B n×k) or C = α·Aᵀ·B + α·Bᵀ·A + β·C (t = blas.Trans, A
// and B k×n), as blas.Float64.Dsyr2k, through the blocked product on row
// blocks of C; the other triangle of C is not modified. The arguments must
// be valid; k > 0.
func Dsyr2k(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	syrk(true, ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dsyrk computes the triangle ul of C = α·A·Aᵀ + β·C (t = blas.NoTrans, A
// n×k) or C = α·Aᵀ·A + β·C (t = blas.Trans, A k×n), as blas.Float64.Dsyrk,
// through the blocked product on row blocks of C; the other triangle of C is
// not modified. The arguments must be valid; k > 0.
func Dsyrk(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	syrk(false, ul, t, n, k, alpha, a, lda, a, lda, beta, c, ldc)
}

// syrk is Dsyr2k when two is true, and Dsyrk (with b = a) otherwise. It is
// sharedB's product restricted to the triangle ul: C is scaled by β on the
// triangle, then for each block of nc columns and kc terms the block of
// op(B) is packed once and shared, and blocks of syr2kBlock rows of C that
// meet the triangle within those columns are handed out to the goroutines,
// each packing its rows of op(A) and computing only the micro-tiles that
// meet the triangle (macro). Dsyr2k makes a second such pass with A and
// B swapped. Every entry is summed in the kc blocks of a Dgemm, and each
// micro-tile by one goroutine, so the results are the same bits at any
// GOMAXPROCS; they are Dgemm's for α = ±1 (for other α the tiles that the
// diagonal cuts may differ from Dgemm's in the last bit, see macro).
func syrk(two bool, ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	tA, tB := blas.NoTrans, blas.Trans
	if t != blas.NoTrans {
		tA, tB = blas.Trans, blas.NoTrans
	}
	scaleTriangle(ul, beta, n, c, ldc)
	workers := runtime.GOMAXPROCS(0)
	shared := getBuffers()
	defer putBuffers(shared)
	x, ldx, y, ldy := a, lda, b, ldb
	for pass := 0; pass < 1 || (two && pass < 2); pass++ {
		if pass == 1 {
			x, ldx, y, ldy = b, ldb, a, lda
		}
		for j0 := 0; j0 < n; j0 += nc {
			nn := min(nc, n-j0)
			// The rows of C that meet the triangle in columns j0:j0+nn.
			r0, r1 := 0, j0+nn
			if ul == blas.Lower {
				r0, r1 = j0, n
			}
			tasks := (r1 - r0 + syr2kBlock - 1) / syr2kBlock
			w := min(workers, tasks)
			for p0 := 0; p0 < k; p0 += kc {
				kk := min(kc, k-p0)
				if w > 1 && kk*nn >= parallelPackMin {
					packBParallel(w, shared.b, tB, y, ldy, p0, kk, j0, nn)
				} else {
					packB(shared.b, tB, y, ldy, p0, kk, j0, nn)
				}
				var next atomic.Int64
				parallel(w, func() {
					buf := getBuffers()
					defer putBuffers(buf)
					for {
						task := int(next.Add(1) - 1)
						if task >= tasks {
							return
						}
						i0 := r0 + task*syr2kBlock
						mm := min(syr2kBlock, r1-i0)
						packA(buf.a, tA, x, ldx, i0, mm, p0, kk)
						macro(ul, buf.a, shared.b, i0, mm, j0, nn, kk, alpha, c, ldc, buf.edge)
					}
				})
			}
		}
	}
}

// scaleTriangle sets C ← β·C on the triangle ul of the n×n matrix C (zeros
// for β = 0, whatever C held).
func scaleTriangle(ul blas.Uplo, beta float64, n int, c []float64, ldc int) {
	if beta == 1 {
		return
	}
	for i := range n {
		j0, j1 := i, n
		if ul == blas.Lower {
			j0, j1 = 0, i+1
		}
		scaleC(beta, c, ldc, i, 1, j0, j1-j0)
	}
}

// symvChunks is the fixed number of row ranges Dsymv splits A into; it fixes
// the order in which partial sums are added, whatever GOMAXPROCS is.
const symvChunks = 4

var symvPool = sync.Pool{New: func() any { return new([]float64) }}

// Dsymv computes y = α·A·x + β·y for the symmetric n×n matrix A stored in the
// triangle ul of a (row-major, stride lda), with unit increments, as
// blas.Float64.Dsymv. Each row of the triangle is read once, and its products
// go both to its own entry of y (a dot product) and to the entries of its
// columns (an axpy), fused in one pass. The rows are split into symvChunks
// ranges of equal work, each accumulating into its own buffer, and the
// buffers are added in order. The arguments must be valid.
func Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	bp := symvPool.Get().(*[]float64)
	if cap(*bp) < symvChunks*n {
		*bp = make([]float64, symvChunks*n)
	}
	buf := (*bp)[:symvChunks*n]
	clear(buf)
	// Chunk boundaries: equal areas of the triangle.
	var bounds [symvChunks + 1]int
	for c := 1; c < symvChunks; c++ {
		f := float64(c) / symvChunks
		if ul == blas.Upper {
			// Rows 0:r of the upper triangle hold a fraction 1−(1−r/n)² of it.
			bounds[c] = int(float64(n) * (1 - math.Sqrt(1-f)))
		} else {
			bounds[c] = int(float64(n) * math.Sqrt(f))
		}
	}
	bounds[symvChunks] = n
	run := func(c int) {
		acc := buf[c*n : (c+1)*n]
		i := bounds[c]
		if axpyDot4 != nil && i+4 <= bounds[c+1] {
			// Four rows at a time: one pass over y for four axpys.
			s := new([4]float64)
			for ; i+4 <= bounds[c+1]; i += 4 {
				symv4(ul, n, a, lda, x, acc, i, s)
			}
		}
		for ; i < bounds[c+1]; i++ {
			row := a[i*lda : i*lda+n]
			xi := x[i]
			if ul == blas.Upper {
				acc[i] += row[i]*xi + axpyDot(row[i+1:n], x[i+1:n], acc[i+1:n], xi)
			} else {
				acc[i] += row[i]*xi + axpyDot(row[:i], x[:i], acc[:i], xi)
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), symvChunks)
	if n < 256 {
		workers = 1
	}
	if workers <= 1 {
		for c := range symvChunks {
			run(c)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		work := func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= symvChunks {
					return
				}
				run(c)
			}
		}
		for range workers - 1 {
			wg.Go(work)
		}
		work()
		wg.Wait()
	}
	for i := range n {
		s := buf[i]
		for c := 1; c < symvChunks; c++ {
			s += buf[c*n+i]
		}
		if beta == 0 {
			y[i] = alpha * s
		} else {
			y[i] = beta*y[i] + alpha*s
		}
	}
	symvPool.Put(bp)
}

// axpyDotGo is the portable axpyDot: y += s·a, returning a·x.
func axpyDotGo(a, x, y []float64, s float64) float64 {
	var dot float64
	x = x[:len(a)]
	y = y[:len(a)]
	for j, v := range a {
		y[j] += s * v
		dot += v * x[j]
	}
	return dot
}

// symv4 adds the contributions of rows i:i+4 of the stored triangle to acc:
// the 4×4 diagonal block entry by entry, the rest with axpyDot4. s is
// scratch for the four scales (passed in: axpyDot4's argument escapes).
func symv4(ul blas.Uplo, n int, a []float64, lda int, x, acc []float64, i int, s *[4]float64) {
	rows := [4][]float64{a[i*lda : i*lda+n], a[(i+1)*lda : (i+1)*lda+n], a[(i+2)*lda : (i+2)*lda+n], a[(i+3)*lda : (i+3)*lda+n]}
	*s = [4]float64{x[i], x[i+1], x[i+2], x[i+3]}
	// The diagonal block, A(i+r, i+q) for the stored r ≤ q (upper) or q ≤ r.
	for r := range 4 {
		acc[i+r] += rows[r][i+r] * s[r]
		for q := range 4 {
			if (ul == blas.Upper && q > r) || (ul == blas.Lower && q < r) {
				v := rows[r][i+q]
				acc[i+q] += s[r] * v
				acc[i+r] += v * s[q]
			}
		}
	}
	lo, hi := i+4, n
	if ul == blas.Lower {
		lo, hi = 0, i
	}
	d := axpyDot4(rows[0][lo:hi], rows[1][lo:hi], rows[2][lo:hi], rows[3][lo:hi], x[lo:hi], acc[lo:hi], s)
	for r := range 4 {
		acc[i+r] += d[r]
	}
}

// SymvUpperRows adds to acc the products of rows i0:i1 of the symmetric n×n
// matrix A, stored in the upper triangle of a (row-major, stride lda), with
// x: acc[i] += Σ_{j≥i} A(i, j)·x[j] and acc[j] += A(i, j)·x[i] for j > i,
// i in [i0, i1). Summing the accumulators of a fixed partition of the rows
// in a fixed order gives A·x, as Dsymv does; this lets a caller run the
// parts on its own goroutines. Each row is read once. The arguments must be
// valid: 0 ≤ i0 ≤ i1 ≤ n, len(x), len(acc) ≥ n.
func SymvUpperRows(n int, a []float64, lda int, x, acc []float64, i0, i1 int) {
	i := i0
	if axpyDot4 != nil && i+4 <= i1 {
		s := new([4]float64) // one allocation: axpyDot4's argument escapes
		for ; i+4 <= i1; i += 4 {
			r0 := a[i*lda : i*lda+n]
			r1 := a[(i+1)*lda : (i+1)*lda+n]
			r2 := a[(i+2)*lda : (i+2)*lda+n]
			r3 := a[(i+3)*lda : (i+3)*lda+n]
			*s = [4]float64{x[i], x[i+1], x[i+2], x[i+3]}
			// The 4×4 diagonal block's upper triangle, entry by entry as
			// symv4 adds it.
			a01, a02, a03 := r0[i+1], r0[i+2], r0[i+3]
			a12, a13, a23 := r1[i+2], r1[i+3], r2[i+3]
			c := acc[i : i+4 : i+4]
			c[0] += r0[i] * s[0]
			c[1] += s[0] * a01
			c[0] += a01 * s[1]
			c[2] += s[0] * a02
			c[0] += a02 * s[2]
			c[3] += s[0] * a03
			c[0] += a03 * s[3]
			c[1] += r1[i+1] * s[1]
			c[2] += s[1] * a12
			c[1] += a12 * s[2]
			c[3] += s[1] * a13
			c[1] += a13 * s[3]
			c[2] += r2[i+2] * s[2]
			c[3] += s[2] * a23
			c[2] += a23 * s[3]
			c[3] += r3[i+3] * s[3]
			d := axpyDot4(r0[i+4:], r1[i+4:], r2[i+4:], r3[i+4:], x[i+4:n], acc[i+4:n], s)
			c[0] += d[0]
			c[1] += d[1]
			c[2] += d[2]
			c[3] += d[3]
		}
	}
	for ; i < i1; i++ {
		row := a[i*lda : i*lda+n]
		acc[i] += row[i]*x[i] + axpyDot(row[i+1:n], x[i+1:n], acc[i+1:n], x[i])
	}
}

// GemmtUpperRows computes rows i0:i1 of the upper triangle of
// C = α·Aᵀ·B + C on one goroutine, for A and B k×n (row-major, strides lda
// and ldb) and C n×n (stride ldc), when Aᵀ·B is symmetric (as for
// A = [V; W], B = [W; V], which gives the rank-2k update α·(VᵀW + WᵀV) of
// Dsyr2k with one product of depth 2k). Entries of C below the diagonal are
// not modified. The rows are computed in blocks of syr2kBlock from i0, so
// the bits of C depend on the partition of the rows (through the kernel's
// edge tiles) but not on the goroutine that computes each part. The
// arguments must be valid; k > 0.
func GemmtUpperRows(n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, i0, i1 int) {
	var save [syr2kBlock * syr2kBlock]float64
	for r0 := i0; r0 < i1; r0 += syr2kBlock {
		bs := min(syr2kBlock, i1-r0)
		for i := 1; i < bs; i++ {
			copy(save[i*bs:i*bs+i], c[(r0+i)*ldc+r0:(r0+i)*ldc+r0+i])
		}
		dgemm(1, blas.Trans, blas.NoTrans, bs, n-r0, k, alpha, a[r0:], lda, b[r0:], ldb, 1, c[r0*ldc+r0:], ldc)
		for i := 1; i < bs; i++ {
			copy(c[(r0+i)*ldc+r0:(r0+i)*ldc+r0+i], save[i*bs:i*bs+i])
		}
	}
}

// AxpyRows adds Σᵣ s[r]·rows[r][0:len(y)] to y, four rows at a time where the
// CPU has a kernel for it; each entry of y receives the terms in the order
// of r. len(s) must be len(rows), and every row must hold len(y) values.
func AxpyRows(y []float64, rows [][]float64, s []float64) {
	n := len(y)
	if n == 0 {
		return
	}
	r := 0
	if axpyDot4 != nil && len(rows) >= 4 {
		sc := new([4]float64)
		for ; r+4 <= len(rows); r += 4 {
			*sc = [4]float64{s[r], s[r+1], s[r+2], s[r+3]}
			axpyDot4(rows[r][:n], rows[r+1][:n], rows[r+2][:n], rows[r+3][:n], y, y, sc)
		}
	}
	for ; r < len(rows); r++ {
		axpyDot(rows[r][:n], y, y, s[r])
	}
}

// DotRows sets out[r] = rows[r]·x for every r, four rows at a time where
// the CPU has a kernel for it; every row must hold len(x) values. scratch
// (len(x) values) is written to.
func DotRows(out []float64, rows [][]float64, x, scratch []float64) {
	n := len(x)
	r := 0
	if axpyDot4 != nil && n > 0 && len(rows) >= 4 {
		zero := new([4]float64)
		for ; r+4 <= len(rows); r += 4 {
			d := axpyDot4(rows[r][:n], rows[r+1][:n], rows[r+2][:n], rows[r+3][:n], x, scratch[:n], zero)
			copy(out[r:r+4], d[:])
		}
	}
	for ; r < len(rows); r++ {
		var s float64
		for i, v := range rows[r][:n] {
			s += v * x[i]
		}
		out[r] = s
	}
}

// DgemmSerial is Dgemm on the calling goroutine only, for callers that run
// independent products on their own goroutines. Its results are the same
// bits as Dgemm's.
func DgemmSerial(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	dgemm(1, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

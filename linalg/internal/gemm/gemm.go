// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package gemm is a cache-blocked, packed, multi-core general matrix product
// C = α·op(A)·op(B) + β·C on row-major float64 matrices, with the BLAS Dgemm
// signature, built like GotoBLAS/BLIS: for each block of nc columns of C and
// kc terms of the sum, the block of op(B) is packed into micro-panels of nr
// columns (by all the goroutines when it is large) and shared, and blocks of mc rows of C are handed out to
// goroutines, each packing its rows of op(A) into micro-panels of mr rows; a
// register-blocked micro-kernel (AVX-512 8×24 or AVX2+FMA 6×8 assembly on
// amd64, 4×4 Go elsewhere) accumulates mr×nr blocks of C. When C has too few
// blocks of rows to keep the goroutines busy, tiles of mc×nc entries are
// handed out instead, each with its own packing, cut to about equal sizes
// (at multiples of mr and nr) and as many as a multiple of the goroutines;
// this also splits products with C in a single mc×nc tile (m·n·k ≥ 2¹⁸).
//
// Determinism: every entry of C is computed by one goroutine, summing its kc
// blocks in order with a fixed kernel, so the result is bit-for-bit the same
// for any GOMAXPROCS and any scheduling. (It depends on the kernel chosen
// for the CPU, and it differs in rounding from gonum's Dgemm.)
//
// The package also has the symmetric routines gonum's LAPACK spends its time
// in: Dsyrk and Dsyr2k by the same product on blocks of rows of C, and a
// fused, multi-core Dsymv (the BLAS-2 half of the tridiagonal reduction).
package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
)

// Blocking parameters. mc is a multiple of every kernel's mr, nc of every nr.
// A packed mc×kc block of op(A) (384 KiB) and a kc×nc block of op(B)
// (3.75 MiB) are meant for L2 and L3. A wide nc repacks op(A) less often:
// the transposed op(A) of the training step's Dᵀ·X reads a page per term.
const (
	mc = 192
	kc = 256
	nc = 1920
)

// kernelFunc accumulates C[i·ldc+j] += α·Σₚ a[p·mr+i]·b[p·nr+j] for
// i < mr, j < nr, p < k: the product of an mr×k packed panel of A and a k×nr
// packed panel of B.
type kernelFunc func(k int, a, b, c []float64, ldc int, alpha float64)

// kernelInfo describes a micro-kernel and its block shape mr×nr.
type kernelInfo struct {
	name   string
	mr, nr int
	fn     kernelFunc
}

// kernels lists the micro-kernels this CPU can run, best last.
var kernels = []kernelInfo{{"go", 4, 4, kernelGo}}

// The kernel in use and its block shape.
var (
	kernel kernelFunc = kernelGo
	mr, nr            = 4, 4
	// Kernel names the micro-kernel in use: "avx512", "avx2" or "go".
	Kernel = "go"
)

// use selects the micro-kernel k.
func use(k kernelInfo) {
	kernel, mr, nr, Kernel = k.fn, k.mr, k.nr, k.name
}

// Dgemm computes C = α·op(A)·op(B) + β·C where op(A) is m×k, op(B) is k×n and
// C is m×n, all row-major with strides lda, ldb, ldc, as blas.Float64.Dgemm.
// The arguments must be valid (the caller checks them as gonum does); k > 0
// and α ≠ 0.
func Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	dgemm(runtime.GOMAXPROCS(0), tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// dgemm is Dgemm on at most the given number of goroutines. When C has
// enough blocks of rows to keep every goroutine busy, each block of op(B) is
// packed once and shared (sharedB); otherwise tiles of C are handed out with
// their own packing (tiles). Both sum every entry in the same order.
func dgemm(workers int, tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ti := (m + mc - 1) / mc
	tj := (n + nc - 1) / nc
	if workers > 1 && ti < 2*workers && (ti*tj >= workers || (m > mr && m*n*k >= splitMinWork)) {
		// Tiles of about equal size, as many as a multiple of the
		// goroutines (or of the row blocks there can be): columns in tj
		// blocks of a multiple of nr, rows in blocks of a multiple of mr,
		// so that the micro-panels stay where they were and every entry is
		// summed as with any other cut.
		nb := ((n+tj-1)/tj + nr - 1) / nr * nr
		want := (ti*tj + workers - 1) / workers * workers
		ti = (want + tj - 1) / tj
		mb := min(mc, ((m+ti-1)/ti+mr-1)/mr*mr)
		ti = (m + mb - 1) / mb
		tiles(min(workers, ti*tj), mb, nb, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	workers = min(workers, ti*tj)
	sharedB(workers, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// splitMinWork is the smallest m·n·k for which a product that fits in fewer
// tiles than there are goroutines is split into smaller row blocks. Measured
// on a 2-core VM, splits of smaller products (e.g. 100×200×100, ≈ 30 µs) cost
// more in goroutine wake-ups and shared packing than they save.
const splitMinWork = 1 << 22

// tiles computes C by tiles of mb×nb entries handed out to the goroutines;
// mb is a multiple of mr, at most mc, and nb one of nr, at most nc.
func tiles(workers, mb, nb int, tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ti := (m + mb - 1) / mb
	tj := (n + nb - 1) / nb
	tasks := ti * tj
	var next atomic.Int64
	work := func() {
		buf := getBuffers()
		defer putBuffers(buf)
		for {
			t := int(next.Add(1) - 1)
			if t >= tasks {
				return
			}
			i0 := (t / tj) * mb
			j0 := (t % tj) * nb
			tile(tA, tB, i0, min(mb, m-i0), j0, min(nb, n-j0), k, alpha, a, lda, b, ldb, beta, c, ldc, buf)
		}
	}
	parallel(workers, work)
}

// sharedB computes C by blocks of nc columns and kc terms: each block of
// op(B) is packed once, and the blocks of mc rows of C are handed out to the
// goroutines, each packing its rows of op(A).
func sharedB(workers int, tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	shared := getBuffers()
	defer putBuffers(shared)
	ti := (m + mc - 1) / mc
	for j0 := 0; j0 < n; j0 += nc {
		nn := min(nc, n-j0)
		for p0 := 0; p0 < k; p0 += kc {
			kk := min(kc, k-p0)
			if w := min(workers, ti); w > 1 && kk*nn >= parallelPackMin {
				packBParallel(w, shared.b, tB, b, ldb, p0, kk, j0, nn)
			} else {
				packB(shared.b, tB, b, ldb, p0, kk, j0, nn)
			}
			if min(workers, ti) <= 1 {
				// Serial: no closure, no goroutine, no allocation.
				buf := getBuffers()
				for i0 := 0; i0 < m; i0 += mc {
					rowBlock(buf, shared.b, tA, i0, min(mc, m-i0), j0, nn, p0, kk, alpha, a, lda, beta, c, ldc)
				}
				putBuffers(buf)
				continue
			}
			rowBlocks(min(workers, ti), shared.b, tA, m, j0, nn, p0, kk, alpha, a, lda, beta, c, ldc)
		}
	}
}

// parallelPackMin is the size of a block of op(B) from which its packing is
// shared by the goroutines of the product: a quarter million values take
// about 100 µs to pack, while the other goroutines would wait.
const parallelPackMin = 1 << 16

// packBParallel is packB with the micro-panels handed out to the given
// number of goroutines in runs of eight. Every micro-panel is packed as
// packB packs it.
func packBParallel(workers int, dst []float64, tB blas.Transpose, b []float64, ldb, p0, kk, j0, nn int) {
	const run = 8 * 24 // columns per task: eight micro-panels of the widest kernel
	step := run / nr * nr
	tasks := (nn + step - 1) / step
	var next atomic.Int64
	parallel(min(workers, tasks), func() {
		for {
			t := int(next.Add(1) - 1)
			if t >= tasks {
				return
			}
			c0 := t * step
			packB(dst[c0*kk:], tB, b, ldb, p0, kk, j0+c0, min(step, nn-c0))
		}
	})
}

// rowBlocks calls rowBlock on every block of mc rows of C, handed out to
// the given number of goroutines.
func rowBlocks(workers int, bp []float64, tA blas.Transpose, m, j0, nn, p0, kk int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	ti := (m + mc - 1) / mc
	var next atomic.Int64
	work := func() {
		buf := getBuffers()
		defer putBuffers(buf)
		for {
			t := int(next.Add(1) - 1)
			if t >= ti {
				return
			}
			i0 := t * mc
			rowBlock(buf, bp, tA, i0, min(mc, m-i0), j0, nn, p0, kk, alpha, a, lda, beta, c, ldc)
		}
	}
	parallel(workers, work)
}

// rowBlock adds the product of rows i0:i0+mm, columns p0:p0+kk of op(A)
// and the packed block bp of op(B) to the mm×nn block of C at (i0, j0),
// scaling that block by β first if p0 = 0.
func rowBlock(buf *buffers, bp []float64, tA blas.Transpose, i0, mm, j0, nn, p0, kk int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	if p0 == 0 {
		scaleC(beta, c, ldc, i0, mm, j0, nn)
	}
	packA(buf.a, tA, a, lda, i0, mm, p0, kk)
	macro(blas.All, buf.a, bp, i0, mm, j0, nn, kk, alpha, c, ldc, buf.edge)
}

// parallel runs work on the calling goroutine and workers−1 others.
func parallel(workers int, work func()) {
	if workers <= 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

type buffers struct {
	a, b []float64
	edge []float64
}

var pool = sync.Pool{New: func() any {
	return &buffers{
		a:    make([]float64, mc*kc),
		b:    make([]float64, kc*nc),
		edge: make([]float64, 8*24),
	}
}}

func getBuffers() *buffers  { return pool.Get().(*buffers) }
func putBuffers(b *buffers) { pool.Put(b) }

// tile computes the mm×nn block of C at (i0, j0).
func tile(tA, tB blas.Transpose, i0, mm, j0, nn, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, buf *buffers) {
	scaleC(beta, c, ldc, i0, mm, j0, nn)
	for p0 := 0; p0 < k; p0 += kc {
		kk := min(kc, k-p0)
		packA(buf.a, tA, a, lda, i0, mm, p0, kk)
		packB(buf.b, tB, b, ldb, p0, kk, j0, nn)
		macro(blas.All, buf.a, buf.b, i0, mm, j0, nn, kk, alpha, c, ldc, buf.edge)
	}
}

// scaleC sets C ← β·C on the mm×nn block at (i0, j0).
func scaleC(beta float64, c []float64, ldc, i0, mm, j0, nn int) {
	if beta == 1 {
		return
	}
	for i := i0; i < i0+mm; i++ {
		row := c[i*ldc+j0 : i*ldc+j0+nn]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// macro adds α·Ã·B̃ to the mm×nn block of C at (i0, j0) for the packed
// blocks Ã (mm×kk) and B̃ (kk×nn), one mr×nr micro-kernel call at a time,
// on the whole block (ul = blas.All) or on its part in the triangle ul of C
// (blas.Upper, j ≥ i, or blas.Lower, j ≤ i): micro-tiles wholly outside the
// triangle are skipped. Micro-tiles cut by the edge of the block or by the
// diagonal are computed into the zeroed buffer edge, of which the valid
// entries are added; these may differ from the kernel's fused update in the
// last bit for α ≠ ±1, which is fixed by the shapes alone.
func macro(ul blas.Uplo, ap, bp []float64, i0, mm, j0, nn, kk int, alpha float64, c []float64, ldc int, edge []float64) {
	pm := (mm + mr - 1) / mr // micro-panels of A
	pn := (nn + nr - 1) / nr // micro-panels of B
	jp0, jp1 := 0, pn
	switch ul {
	case blas.Upper:
		jp0 = max(0, i0-j0) / nr
	case blas.Lower:
		jp1 = min(pn, (i0+mm-j0+nr-1)/nr)
	}
	for jp := jp0; jp < jp1; jp++ {
		bpp := bp[jp*kk*nr : (jp+1)*kk*nr]
		jc := j0 + jp*nr
		nw := min(nr, j0+nn-jc)
		for ip := range pm {
			app := ap[ip*kk*mr : (ip+1)*kk*mr]
			ic := i0 + ip*mr
			mw := min(mr, i0+mm-ic)
			inside := true
			switch ul {
			case blas.Upper:
				if jc+nw-1 < ic {
					continue // every j < i
				}
				inside = jc >= ic+mw-1
			case blas.Lower:
				if jc > ic+mw-1 {
					continue // every j > i
				}
				inside = jc+nw-1 <= ic
			}
			if inside && mw == mr && nw == nr {
				kernel(kk, app, bpp, c[ic*ldc+jc:], ldc, alpha)
				continue
			}
			e := edge[:mr*nr]
			clear(e)
			kernel(kk, app, bpp, e, nr, alpha)
			for i := range mw {
				r := ic + i
				lo, hi := jc, jc+nw
				switch ul {
				case blas.Upper:
					lo = max(lo, r)
				case blas.Lower:
					hi = min(hi, r+1)
				}
				row := c[r*ldc : r*ldc+hi]
				for j := lo; j < hi; j++ {
					row[j] += e[i*nr+j-jc]
				}
			}
		}
	}
}

// packA packs rows i0:i0+mm, columns p0:p0+kk of op(A) into micro-panels of
// mr rows, each stored column by column (mr values per column), padding the
// last panel with zeros.
func packA(dst []float64, tA blas.Transpose, a []float64, lda, i0, mm, p0, kk int) {
	full := 0 // micro-panels already packed
	if tA != blas.NoTrans && mr == 8 && mm >= 8 {
		// op(A) = Aᵀ: the mm values of a term are contiguous in a row of
		// A. Reading each row once, left to right, for all full
		// micro-panels touches every row (a page apart for wide A) once
		// instead of once per micro-panel.
		full = mm / 8
		for p := range kk {
			src := a[(p0+p)*lda+i0 : (p0+p)*lda+i0+full*8]
			for ip := range full {
				*(*[8]float64)(dst[ip*kk*8+p*8:]) = *(*[8]float64)(src[ip*8:])
			}
		}
	}
	for ip := full; ip*mr < mm; ip++ {
		panel := dst[ip*kk*mr : (ip+1)*kk*mr]
		rows := min(mr, mm-ip*mr)
		if rows < mr {
			clear(panel)
		}
		r0 := i0 + ip*mr
		if tA == blas.NoTrans {
			if rows == mr && mr == 8 {
				interleave8(panel, 8, a, r0*lda+p0, lda, kk)
				continue
			}
			for r := range rows {
				src := a[(r0+r)*lda+p0 : (r0+r)*lda+p0+kk]
				for p, v := range src {
					panel[p*mr+r] = v
				}
			}
		} else {
			for p := range kk {
				copy(panel[p*mr:p*mr+rows], a[(p0+p)*lda+r0:(p0+p)*lda+r0+rows])
			}
		}
	}
}

// interleave8 reads eight streams of kk values, src[base+r·ld : base+r·ld+kk]
// for r = 0…7, and writes their p-th values side by side to
// dst[p·stride : p·stride+8], in order of p: the transposing step of packA
// (rows of A into a micro-panel of 8 rows) and packB (columns of Bᵀ).
func interleave8(dst []float64, stride int, src []float64, base, ld, kk int) {
	s0 := src[base : base+kk]
	s1 := src[base+ld : base+ld+kk]
	s2 := src[base+2*ld : base+2*ld+kk]
	s3 := src[base+3*ld : base+3*ld+kk]
	s4 := src[base+4*ld : base+4*ld+kk]
	s5 := src[base+5*ld : base+5*ld+kk]
	s6 := src[base+6*ld : base+6*ld+kk]
	s7 := src[base+7*ld : base+7*ld+kk]
	for p := range kk {
		d := dst[p*stride : p*stride+8 : p*stride+8]
		d[0], d[1], d[2], d[3] = s0[p], s1[p], s2[p], s3[p]
		d[4], d[5], d[6], d[7] = s4[p], s5[p], s6[p], s7[p]
	}
}

// packB packs rows p0:p0+kk, columns j0:j0+nn of op(B) into micro-panels of
// nr columns, each stored row by row (nr values per row), padding the last
// panel with zeros.
func packB(dst []float64, tB blas.Transpose, b []float64, ldb, p0, kk, j0, nn int) {
	for jp := 0; jp*nr < nn; jp++ {
		panel := dst[jp*kk*nr : (jp+1)*kk*nr]
		cols := min(nr, nn-jp*nr)
		if cols < nr {
			clear(panel)
		}
		c0 := j0 + jp*nr
		if tB == blas.NoTrans {
			for p := range kk {
				copy(panel[p*nr:p*nr+cols], b[(p0+p)*ldb+c0:(p0+p)*ldb+c0+cols])
			}
		} else {
			c := 0
			for ; c+8 <= cols; c += 8 {
				interleave8(panel[c:], nr, b, (c0+c)*ldb+p0, ldb, kk)
			}
			for ; c < cols; c++ {
				src := b[(c0+c)*ldb+p0 : (c0+c)*ldb+p0+kk]
				for p, v := range src {
					panel[p*nr+c] = v
				}
			}
		}
	}
}

// kernelGo is the portable micro-kernel, for mr = nr = 4.
func kernelGo(k int, a, b, c []float64, ldc int, alpha float64) {
	var acc [4][4]float64
	a = a[:4*k]
	b = b[:4*k]
	for p := range k {
		ap := a[4*p : 4*p+4 : 4*p+4]
		bp := b[4*p : 4*p+4 : 4*p+4]
		for i, ai := range ap {
			acc[i][0] += ai * bp[0]
			acc[i][1] += ai * bp[1]
			acc[i][2] += ai * bp[2]
			acc[i][3] += ai * bp[3]
		}
	}
	for i := range 4 {
		row := c[i*ldc : i*ldc+4]
		for j := range row {
			row[j] += alpha * acc[i][j]
		}
	}
}

// axpyDot adds s·a to y and returns a·x; len(x), len(y) ≥ len(a).
// axpyDots lists the versions this CPU can run, best last.
var (
	axpyDot  = axpyDotGo
	axpyDots = []func(a, x, y []float64, s float64) float64{axpyDotGo}
)

// axpyDot4, where the CPU has it, adds Σᵣ s[r]·aᵣ to y and returns the four
// dot products aᵣ·x, for n = len(x) elements: four rows in one pass over y.
var axpyDot4 func(a0, a1, a2, a3, x, y []float64, s *[4]float64) [4]float64

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package ldl computes the inertia of a dense symmetric matrix from its
// Bunch–Kaufman factorization P·A·Pᵀ = L·D·Lᵀ, where L is unit lower
// triangular and D is block diagonal with 1×1 and 2×2 blocks. By Sylvester's
// law of inertia A and D have the same numbers of negative, zero and positive
// eigenvalues, and those of D are read off its blocks.
//
// The factorization is LAPACK's dsytrf/dlasyf algorithm (lower form, partial
// pivoting with the Bunch–Kaufman test α = (1+√17)/8, which bounds the
// element growth by 2.57ⁿ⁻¹ and in practice keeps it small): panels of nb
// columns are factored with lazily updated columns (BLAS-2 on the panel), and
// the trailing matrix is updated once per panel by matrix products (BLAS-3),
// which carry almost all of the n³/3 flops, split recursively into large
// rectangles. The update looks ahead one panel: the next panel's rows are
// updated first and the rest on another goroutine while that panel is
// factored, which overlaps the serial panel with the products when the
// pivots need no interchange (positive definite Hessians); pivoting that
// reaches into the rest waits for it. Inertia counts the blocks of D as
// they are formed: each interchange is applied to the trailing matrix and
// to the current panel's columns of L and W, where the algorithm needs it,
// but not to the earlier panels' columns of L, which are never read again,
// so that no permutation is recorded and L is left in a mixed order.
package ldl

import (
	"math"

	"gonum.org/v1/gonum/blas"
	gonumblas "gonum.org/v1/gonum/blas/gonum"

	"github.com/relulab/relulab/linalg/internal/gemm"
)

// alpha is the Bunch–Kaufman pivoting constant (1+√17)/8, which minimizes
// the bound on element growth.
var alpha = (1 + math.Sqrt(17)) / 8

// BlockSize is the panel width nb of the blocked factorization.
const BlockSize = 96

// Inertia returns the numbers of negative, zero and positive eigenvalues of
// the symmetric n×n matrix A whose upper triangle is stored row-major in a
// with stride lda (the layout of gonum's mat.SymDense), as counted from the
// blocks of D in A = P·L·D·Lᵀ·Pᵀ. The upper triangle of a is overwritten and
// the strictly lower part of a is not referenced. A pivot that is exactly
// zero counts as a zero eigenvalue; rounding makes the counts those of a
// matrix A + E with ‖E‖ of the order of n·ε·‖A‖ times the growth factor.
//
// Inertia panics if n < 0, lda < max(1, n) or a is too short.
func Inertia(n int, a []float64, lda int) (neg, zero, pos int) {
	if n < 0 {
		panic("ldl: negative order")
	}
	if lda < max(1, n) {
		panic("ldl: bad stride")
	}
	if n == 0 {
		return 0, 0, 0
	}
	if len(a) < (n-1)*lda+n {
		panic("ldl: short matrix")
	}
	f := factorizer{n: n, a: a, lda: lda, nb: min(BlockSize, n)}
	f.run()
	return f.neg, f.zero, f.pos
}

// run factors the matrix panel by panel, with a look-ahead of one panel:
// after a panel, the trailing update is applied first to the rows of the
// next panel's columns, and the rest of it runs on another goroutine while
// the next panel is factored. The panel waits for it only when it needs a
// column of that rest (a pivot search or an interchange there), so the
// serial panel overlaps the update when the pivots need no interchange
// (diagonally dominant or positive definite matrices); after maxWaits
// panels that had to wait, the updates are whole again. Which products are
// made depends on the data and n alone, so the result does not depend on
// the scheduling.
func (f *factorizer) run() {
	defer f.waitPending() // joined on every path, a panic's too
	f.wbuf[0] = make([]float64, (f.nb+1)*f.n)
	f.w = f.wbuf[0]
	f.boundary = f.n
	for k0 := 0; k0 < f.n; {
		kb := f.panel(k0)
		f.waitPending()
		kend := k0 + kb
		if kend >= f.n {
			break
		}
		// The next panel's rows [kend, b): its triangle, and the rectangle
		// to its right.
		w := f.w
		b := min(kend+f.nb, f.n)
		if f.waits >= maxWaits {
			// Pivoting needs the whole trailing matrix: no look-ahead.
			b = f.n
		}
		f.updateTri(w, k0, kend, kend, b)
		if b < f.n {
			n, a, lda := f.n, f.a, f.lda
			update(b-kend, n-b, kb, w[kend:], n, a[k0*lda+b:], lda, a[kend*lda+b:], lda)
			done := make(chan struct{})
			go func(k0 int) {
				f.updateTri(w, k0, kend, b, n)
				close(done)
			}(k0)
			f.pending, f.boundary = done, b
			// The next panel's W in the other buffer: w is being read.
			f.wi = 1 - f.wi
			if f.wbuf[f.wi] == nil {
				f.wbuf[f.wi] = make([]float64, (f.nb+1)*f.n)
			}
			f.w = f.wbuf[f.wi]
		}
		k0 = kend
	}
}

// maxWaits is the number of panels that had to wait for the look-ahead
// update after which run stops looking ahead (random indefinite matrices
// wait at almost every panel, and splitting their updates only costs).
const maxWaits = 2

// waitPending waits for the look-ahead update of the trailing rows from
// f.boundary on, if one is running.
func (f *factorizer) waitPending() {
	if f.pending != nil {
		<-f.pending
		f.pending, f.boundary = nil, f.n
	}
}

// needRest is waitPending for a panel that needs a row or column from
// f.boundary on, counted in f.waits.
func (f *factorizer) needRest() {
	if f.pending != nil {
		f.waits++
		f.waitPending()
	}
}

// factorizer holds the state of one factorization. The matrix is addressed
// as its lower triangle, A(i, j) = a[j·lda+i] for i ≥ j, so that the columns
// of the lower triangle are contiguous rows of a. W, the panel columns of
// L·D, is stored transposed: W(i, c) = w[c·n+i].
type factorizer struct {
	n, lda, nb     int
	a, w           []float64
	neg, zero, pos int

	// The look-ahead (see run): W's two buffers (w is wbuf[wi]), and the
	// update of the rows from boundary on, running until pending is closed
	// (nil and n when none runs).
	wbuf     [2][]float64
	wi       int
	pending  chan struct{}
	boundary int
	waits    int // panels that waited for pending
}

// count adds the inertia of the 1×1 block d.
func (f *factorizer) count(d float64) {
	switch {
	case d < 0:
		f.neg++
	case d > 0:
		f.pos++
	default:
		f.zero++
	}
}

// count2 adds the inertia of the 2×2 block [d11 d21; d21 d22].
func (f *factorizer) count2(d11, d21, d22 float64) {
	// The Bunch–Kaufman test picks a 2×2 block only when |d21| dominates,
	// so det < 0 in exact arithmetic; the general case is kept for safety.
	det := d11*d22 - d21*d21
	switch {
	case det < 0:
		f.neg++
		f.pos++
	case det > 0:
		f.count(d11 + d22)
		f.count(d11 + d22)
	default:
		f.zero++
		f.count(d11 + d22)
	}
}

// panel factors columns k0, k0+1, … of the trailing matrix, at most nb of
// them (nb−1 when a 2×2 block would straddle the panel's end), leaving the
// trailing update of the remaining columns to update. It returns the number
// of columns factored.
func (f *factorizer) panel(k0 int) int {
	n, a, lda, w, nb := f.n, f.a, f.lda, f.w, f.nb
	last := n-k0 <= nb // the panel reaches the end of the matrix
	k := k0
	for k < n && (last || k-k0 < nb-1) {
		kc := k - k0
		wk := w[kc*n : kc*n+n]
		// W(k:n, kc) = A(k:n, k) − A(k:n, k0:k)·W(k, 0:kc)ᵀ.
		copy(wk[k:], a[k*lda+k:k*lda+n])
		if kc > 0 {
			f.lazyUpdate(kc, n-k, a[k0*lda+k:], w[k:], wk[k:])
		}
		absakk := math.Abs(wk[k])
		imax, colmax := k, 0.0
		for i := k + 1; i < n; i++ {
			if v := math.Abs(wk[i]); v > colmax {
				imax, colmax = i, v
			}
		}
		if math.IsNaN(absakk) || math.IsNaN(colmax) {
			// Overflow in the factorization (the caller keeps the entries
			// of A well inside the floating-point range, so this does not
			// happen for finite input): pivot on the diagonal, whose NaN
			// is counted as zero.
			absakk = math.Inf(1)
		}
		kstep, kp := 1, k
		if max(absakk, colmax) == 0 {
			// A zero column: D gets a zero 1×1 block and L a zero column.
			f.zero++
			clear(a[k*lda+k : k*lda+n])
			k++
			continue
		}
		if absakk < alpha*colmax {
			if imax >= f.boundary {
				f.needRest() // column imax is still being updated
			}
			// W(k:n, kc+1) = column imax of the updated matrix.
			wi := w[(kc+1)*n : (kc+1)*n+n]
			for i := k; i < imax; i++ {
				wi[i] = a[i*lda+imax]
			}
			copy(wi[imax:], a[imax*lda+imax:imax*lda+n])
			if kc > 0 {
				f.lazyUpdate(kc, n-k, a[k0*lda+k:], w[imax:], wi[k:])
			}
			rowmax := 0.0
			for i := k; i < n; i++ {
				if v := math.Abs(wi[i]); i != imax && v > rowmax {
					rowmax = v
				}
			}
			switch {
			case absakk >= alpha*colmax*(colmax/rowmax):
				// 1×1 pivot on the diagonal, no interchange.
			case math.Abs(wi[imax]) >= alpha*rowmax:
				// 1×1 pivot A(imax, imax), interchanged to position k.
				kp = imax
				copy(wk[k:], wi[k:])
			default:
				// 2×2 pivot on rows k and imax, interchanged to k, k+1.
				kp = imax
				kstep = 2
			}
		}
		kk := k + kstep - 1
		if kp != kk {
			if kp >= f.boundary {
				f.needRest() // row and column kp are still being updated
			}
			// Copy the non-updated column kk to column kp (column kk is
			// overwritten below), then swap rows kk and kp in the panel's
			// columns of L and W.
			a[kp*lda+kp] = a[kk*lda+kk]
			for j := kk + 1; j < kp; j++ {
				a[j*lda+kp] = a[kk*lda+j]
			}
			copy(a[kp*lda+kp+1:kp*lda+n], a[kk*lda+kp+1:kk*lda+n])
			for p := k0; p < kk; p++ {
				a[p*lda+kk], a[p*lda+kp] = a[p*lda+kp], a[p*lda+kk]
			}
			for c := 0; c <= kk-k0; c++ {
				w[c*n+kk], w[c*n+kp] = w[c*n+kp], w[c*n+kk]
			}
		}
		if kstep == 1 {
			d := wk[k]
			f.count(d)
			lk := a[k*lda+k : k*lda+n]
			lk[0] = d
			r := 1 / d
			for i := 1; i < len(lk); i++ {
				lk[i] = wk[k+i] * r
			}
		} else {
			wi := w[(kc+1)*n : (kc+1)*n+n]
			d11, d21, d22 := wk[k], wk[k+1], wi[k+1]
			f.count2(d11, d21, d22)
			// The columns k and k+1 of L are W(:, kc:kc+2)·D⁻¹.
			e11 := d22 / d21
			e22 := d11 / d21
			t := 1 / (e11*e22 - 1)
			e21 := t / d21
			l0 := a[k*lda : k*lda+n]
			l1 := a[(k+1)*lda : (k+1)*lda+n]
			for j := k + 2; j < n; j++ {
				l0[j] = e21 * (e11*wk[j] - wi[j])
				l1[j] = e21 * (e22*wi[j] - wk[j])
			}
			l0[k], l0[k+1], l1[k+1] = d11, d21, d22
		}
		k += kstep
	}
	return k - k0
}

// lazyUpdate subtracts Lᵀ·x from y, where the kc×m block L (stride lda)
// holds the panel's columns of L and x (stride n) a row of W: the lazy
// update of one column, a Dgemv by gonum's assembly kernel on the calling
// goroutine. (linalg's installed Dgemv splits large products over two
// goroutines, one started per call; for the panel's thousands of products of
// a few microseconds each that costs more than it gains: measured 10% slower
// at n = 2500.)
func (f *factorizer) lazyUpdate(kc, m int, l, x, y []float64) {
	gonumblas.Implementation{}.Dgemv(blas.Trans, kc, m, -1, l, f.lda, x, f.n, 1, y, 1)
}

// updateBlock is the number of rows of the trailing upper triangle updated
// by one matrix product: larger blocks waste more flops on the discarded
// strictly lower part of each diagonal block (a fraction of about
// 1.5·updateBlock/n of the n³/3 flops), smaller ones make more, smaller
// products. 96 costs about 5% less CPU time than 192 at n = 2500.
const updateBlock = 96

// updateTri subtracts L(r0:r1, k0:kend)·W(r0:r1, :)ᵀ, with W(i, c) =
// w[c·n+i], from the diagonal block r0:r1 of the trailing matrix (its lower
// triangle, the upper triangle of the row-major storage), recursively: the
// two diagonal halves, and the off-diagonal rectangle between them by one
// large matrix product (which linalg's BLAS spreads over the cores with
// each operand packed once). Blocks of at most updateBlock rows are updated
// one row block at a time, wasting flops only on the strictly lower part of
// small diagonal blocks.
func (f *factorizer) updateTri(w []float64, k0, kend, r0, r1 int) {
	n, a, lda := f.n, f.a, f.lda
	kb := kend - k0
	if r1-r0 <= 2*updateBlock {
		for jb := r0; jb < r1; jb += updateBlock {
			jn := min(updateBlock, r1-jb)
			// C(jb:jb+jn, jb:r1) −= W(jb:jb+jn, 0:kb)·L(jb:r1, k0:kend)ᵀ.
			update(jn, r1-jb, kb, w[jb:], n, a[k0*lda+jb:], lda, a[jb*lda+jb:], lda)
		}
		return
	}
	mid := r0 + ((r1-r0)/2+updateBlock-1)/updateBlock*updateBlock
	f.updateTri(w, k0, kend, r0, mid)
	// C(r0:mid, mid:r1) −= W(r0:mid, 0:kb)·L(mid:r1, k0:kend)ᵀ.
	update(mid-r0, r1-mid, kb, w[r0:], n, a[k0*lda+mid:], lda, a[r0*lda+mid:], lda)
	f.updateTri(w, k0, kend, mid, r1)
}

// update computes C −= Wᵀ·B for the m×k block W (stored transposed, k×m at
// w with stride ldw), the k×n block B and the m×n block C, by the packed
// multi-core product of linalg/internal/gemm in every build: with
// -tags openblas, OpenBLAS's threads would contend with the goroutines of
// the factorization and of the Lanczos iteration beside it.
func update(m, n, k int, w []float64, ldw int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	gemm.Dgemm(blas.Trans, blas.NoTrans, m, n, k, -1, w, ldw, b, ldb, 1, c, ldc)
}

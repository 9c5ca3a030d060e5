// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package chol is a recursive, two-core Cholesky factorization A = Uᵀ·U of
// a dense symmetric positive definite matrix stored in the upper triangle
// of a row-major array, and the solves with its factor.
//
// Factor splits A into halves,
//
//	⎡A₁₁ A₁₂⎤   ⎡U₁₁ᵀ  0  ⎤ ⎡U₁₁ U₁₂⎤
//	⎣ ·  A₂₂⎦ = ⎣U₁₂ᵀ U₂₂ᵀ⎦ ⎣ 0  U₂₂⎦,
//
// factors A₁₁ = U₁₁ᵀ·U₁₁, solves U₁₁ᵀ·U₁₂ = A₁₂ (itself recursive, by halves
// of U₁₁ and a product for the lower half's right-hand side), updates
// A₂₂ − U₁₂ᵀ·U₁₂ (a symmetric rank-k product) and factors that, so that
// nearly all of the n³/3 flops are large matrix products (linalg's blocked
// GEMM). Cholesky needs no pivoting and is backward stable: the computed U is
// the exact factor of A + E with ‖E‖ ≤ c·n·ε·‖A‖. It breaks down, with a
// pivot ≤ 0, only if A (up to E) is not positive definite; a successful
// factorization thus proves every eigenvalue of A positive. FactorPartial
// goes on after a pivot ≤ 0 only to finish the rows it has factored and
// the Schur complement they leave, whose inertia completes A's.
//
// The work split between goroutines (column halves of the triangular
// solves, row blocks of the products) is fixed by n alone, so the results
// are the same bits at any GOMAXPROCS.
package chol

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"github.com/relulab/relulab/linalg/internal/gemm"
)

// leaf is the order up to which Factor and the triangular solves work row
// by row instead of by halves.
const leaf = 32

// split is the number of columns of a triangular solve's right-hand side,
// and of rows below a block in Solve's sweeps, from which two goroutines
// share them.
const split = 512

// Factor overwrites the upper triangle of the n×n symmetric matrix A
// (row-major, stride lda ≥ max(1, n), entries aᵢⱼ for j ≥ i) with U of
// A = Uᵀ·U and reports whether A is positive definite (every pivot > 0).
// When it is not, the upper triangle holds FactorPartial's state at the
// first pivot ≤ 0 (or NaN). The strict lower triangle is not referenced.
func Factor(n int, a []float64, lda int) bool {
	return FactorPartial(n, a, lda) == n
}

// FactorPartial is Factor that, at a pivot ≤ 0 (or NaN), finishes the
// rows it has factored: it returns the order k of the leading block
// A₁₁ it factored as A₁₁ = U₁₁ᵀ·U₁₁ (k = n, and the same bits as Factor,
// when A is positive definite), and on return rows 0…k−1 of the upper
// triangle hold [U₁₁ U₁₂] with U₁₂ = U₁₁⁻ᵀ·A₁₂, and the trailing
// (n−k)×(n−k) block holds the upper triangle of the Schur complement
// S = A₂₂ − U₁₂ᵀ·U₁₂, whose pivot s₁₁ is the first ≤ 0: the state of a
// right-looking Cholesky factorization stopped at its first bad pivot. By
// Haynsworth's inertia additivity A has k positive eigenvalues more than S
// has, and as many negative and zero ones. The cost beyond the k rows'
// share of Factor is nothing; the strict lower triangle is not referenced.
func FactorPartial(n int, a []float64, lda int) int {
	if n <= leaf {
		return factorRowsPartial(n, a, lda)
	}
	n1 := n / 2
	n2 := n - n1
	a12 := a[n1:]
	if k := FactorPartial(n1, a, lda); k < n1 {
		// A₁₁ stopped at k: rows 0…k−1 and the Schur complement within
		// A₁₁ are done. The same for the columns n1…n−1: U's rows 0…k−1
		// there, then the Schur complement's other rows.
		if k > 0 {
			solveUT(k, a, lda, n2, a12, lda)
			gemm.Dgemm(blas.Trans, blas.NoTrans, n1-k, n2, k, -1, a[k:], lda, a12, lda, 1, a[k*lda+n1:], lda)
			gemm.Dsyrk(blas.Upper, blas.Trans, n2, k, -1, a12, lda, 1, a[n1*lda+n1:], lda)
		}
		return k
	}
	solveUT(n1, a, lda, n2, a12, lda)
	gemm.Dsyrk(blas.Upper, blas.Trans, n2, n1, -1, a12, lda, 1, a[n1*lda+n1:], lda)
	return n1 + FactorPartial(n2, a[n1*lda+n1:], lda)
}

// factorRowsPartial is FactorPartial row by row: row k of U is row k of the
// updated A divided by √u_kk, and its outer product is subtracted from the
// rows below (right-looking), so that at a pivot ≤ 0 the rows below hold
// the Schur complement.
func factorRowsPartial(n int, a []float64, lda int) int {
	for k := range n {
		d := a[k*lda+k]
		if !(d > 0) {
			return k
		}
		d = math.Sqrt(d)
		row := a[k*lda+k : k*lda+n]
		row[0] = d
		for j := 1; j < len(row); j++ {
			row[j] /= d
		}
		for i := k + 1; i < n; i++ {
			axpy(a[i*lda+i:i*lda+n], -row[i-k], row[i-k:])
		}
	}
	return n
}

// axpy adds s·x to y.
func axpy(y []float64, s float64, x []float64) {
	x = x[:len(y)]
	for j, v := range x {
		y[j] += s * v
	}
}

// solveUT overwrites the m×nc matrix B (row-major, stride ldb) with the
// solution X of Uᵀ·X = B, U the m×m upper triangular matrix in u (stride
// ldu), by halves of U; from split columns on, the two column halves of B
// run on two goroutines.
func solveUT(m int, u []float64, ldu int, nc int, b []float64, ldb int) {
	h := nc / 2
	halvesFrom(solveSplit, nc,
		func() { solveUTRec(m, u, ldu, h, b, ldb) },
		func() { solveUTRec(m, u, ldu, nc-h, b[h:], ldb) })
}

// solveUTRec is solveUT on the calling goroutine: X₁ from U₁₁ᵀ·X₁ = B₁,
// then B₂ − U₁₂ᵀ·X₁ and X₂ from U₂₂ᵀ·X₂ = B₂ − U₁₂ᵀ·X₁.
func solveUTRec(m int, u []float64, ldu int, nc int, b []float64, ldb int) {
	if nc == 0 || m == 0 {
		return
	}
	if m <= leaf {
		var rows [leaf][]float64
		var coef [leaf]float64
		for i := range m {
			bi := b[i*ldb : i*ldb+nc]
			for k := range i {
				rows[k] = b[k*ldb : k*ldb+nc]
				coef[k] = -u[k*ldu+i]
			}
			gemm.AxpyRows(bi, rows[:i], coef[:i])
			d := u[i*ldu+i]
			for j := range bi {
				bi[j] /= d
			}
		}
		return
	}
	m1 := m / 2
	solveUTRec(m1, u, ldu, nc, b, ldb)
	gemm.DgemmSerial(blas.Trans, blas.NoTrans, m-m1, nc, m1, -1, u[m1:], ldu, b, ldb, 1, b[m1*ldb:], ldb)
	solveUTRec(m-m1, u[m1*ldu+m1:], ldu, nc, b[m1*ldb:], ldb)
}

// solveBlock is the number of rows of U that Solve's sweeps take together.
const solveBlock = 128

// Solve overwrites x (length n) with the solution of A·x = b, given b in x
// and U of A = Uᵀ·U from Factor in the upper triangle of u (stride ldu):
// Uᵀ·y = b, then U·x = y. The sweeps go by blocks of solveBlock rows of U:
// within a block row by row, and between the block and the rest of the
// vector four rows at a time (linalg's AXPY and dot kernels), with the
// columns right of the block split in two halves that run on two goroutines
// from split columns on (the sweeps are bound by the memory traffic of U,
// which two cores share). The split is fixed by n alone. Solve does not
// modify u and may be called concurrently.
func Solve(n int, u []float64, ldu int, x []float64) {
	x = x[:n]
	var rows [solveBlock][]float64
	var hiRows [solveBlock][]float64
	var coef, far, farHi [solveBlock]float64
	scratch := make([]float64, n)
	// Uᵀ·y = b.
	for k0 := 0; k0 < n; k0 += solveBlock {
		k1 := min(k0+solveBlock, n)
		for k := k0; k < k1; k++ {
			x[k] /= u[k*ldu+k]
			axpy(x[k+1:k1], -x[k], u[k*ldu+k+1:k*ldu+k1])
		}
		if k1 == n {
			break
		}
		nb, mid := k1-k0, k1+(n-k1)/2
		for k := k0; k < k1; k++ {
			rows[k-k0] = u[k*ldu+k1 : k*ldu+mid]
			hiRows[k-k0] = u[k*ldu+mid : k*ldu+n]
			coef[k-k0] = -x[k]
		}
		halves(n-k1,
			func() { gemm.AxpyRows(x[k1:mid], rows[:nb], coef[:nb]) },
			func() { gemm.AxpyRows(x[mid:n], hiRows[:nb], coef[:nb]) })
	}
	// U·x = y.
	for k1 := n; k1 > 0; {
		k0 := max(k1-solveBlock, 0)
		nb := k1 - k0
		clear(far[:nb])
		if k1 < n {
			mid := k1 + (n-k1)/2
			for k := k0; k < k1; k++ {
				rows[k-k0] = u[k*ldu+k1 : k*ldu+mid]
				hiRows[k-k0] = u[k*ldu+mid : k*ldu+n]
			}
			halves(n-k1,
				func() { gemm.DotRows(far[:nb], rows[:nb], x[k1:mid], scratch[k1:mid]) },
				func() { gemm.DotRows(farHi[:nb], hiRows[:nb], x[mid:n], scratch[mid:n]) })
			for c := range nb {
				far[c] += farHi[c]
			}
		}
		for k := k1 - 1; k >= k0; k-- {
			var s float64
			row := u[k*ldu+k+1 : k*ldu+k1]
			for j, v := range row {
				s += v * x[k+1+j]
			}
			x[k] = (x[k] - far[k-k0] - s) / u[k*ldu+k]
		}
		k1 = k0
	}
}

// halves calls lo and hi, which split m values (columns of a right-hand
// side, or of U), on two goroutines when m ≥ split, else in turn.
func halves(m int, lo, hi func()) {
	halvesFrom(split, m, lo, hi)
}

// solveSplit is the number of columns of Factor's triangular solves from
// which their halves run on two goroutines: a half of 64 columns by a
// triangle of a few hundred rows is some hundreds of µs, far above the cost
// of a goroutine.
const solveSplit = 128

// halvesFrom is halves with the threshold from instead of split.
func halvesFrom(from, m int, lo, hi func()) {
	if m < from {
		lo()
		hi()
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		hi()
	}()
	defer func() { <-done }() // joined on every path, a panic's too
	lo()
}

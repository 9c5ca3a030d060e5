// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package tridiag computes all eigenvalues and eigenvectors of a symmetric
// tridiagonal matrix T by Cuppen's divide and conquer, as LAPACK's dstedc.
//
// T is split at its middle off-diagonal entry β into two tridiagonal blocks
// and a rank-one correction, T = diag(T₁, T₂) + |β|·w·wᵀ with
// w = (e_last; sign(β)·e_first) (the last diagonal entry of T₁ and the first
// of T₂ lowered by |β|). The blocks are solved recursively (by implicit QL/QR
// below 32 rows), T₁ = Q₁Λ₁Q₁ᵀ, T₂ = Q₂Λ₂Q₂ᵀ, leaving the eigenproblem of
// D + ρ·z·zᵀ with D = diag(Λ₁, Λ₂) and z = diag(Q₁, Q₂)ᵀ·w. Its eigenvalues
// are the roots of the secular equation
//
//	f(λ) = 1 + ρ·Σᵢ zᵢ²/(dᵢ − λ) = 0,
//
// one in each interval between consecutive poles dᵢ, and its eigenvectors
// are vⱼ ∝ (zᵢ/(dᵢ − λⱼ))ᵢ. Entries with ρ|zᵢ| negligible, and pairs of
// nearly equal poles (after a Givens rotation), are deflated: they are
// eigenpairs already. Each root is found in coordinates shifted to its
// nearest pole, so that every difference dᵢ − λⱼ is accurate, by a
// safeguarded iteration on a two-pole rational model of f; z is then
// recomputed from the roots by Löwner's formula (Gu and Eisenstat), which
// makes the computed vectors numerically orthogonal even for close roots.
// The eigenvectors are applied to the caller's matrix Z by matrix products
// (BLAS-3) over blocks of rows, in place. Vectors starts from Z = I and
// keeps track of which columns of Z can be nonzero in which half of a
// block's rows (LAPACK's dlaed2 column types), so that each half is
// multiplied only by its part of the merge's eigenvector matrix: about
// 4n³/3 flops in all, against about 4n³ for Eigen on a full Z. The two
// halves of the top split are solved side by side, each on one goroutine,
// and the merges above them use all goroutines; the products are the same
// bits either way, so the results do not depend on GOMAXPROCS.
package tridiag

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"

	"github.com/relulab/relulab/linalg/internal/gemm"
)

const (
	// leafSize is the largest block solved by implicit QL/QR.
	leafSize = 32
	// rowBlock is the number of rows of Z transformed by one product.
	rowBlock = 384
	eps      = 0x1p-53
)

// Eigen computes the eigenvalues of the n×n symmetric tridiagonal matrix T
// with diagonal d (len n) and off-diagonal e (len n−1), T(i, i+1) = e[i],
// and multiplies Z from the right by the orthogonal matrix V of its
// eigenvectors, T = V·diag(λ)·Vᵀ. On return d holds λ₁ ≤ … ≤ λₙ and e is
// destroyed. Z is rows×n, row-major with stride ldz; with Z = I on entry it
// receives V, and with Z = Q from a reduction A = Q·T·Qᵀ it receives the
// eigenvectors of A. work must hold at least n·n values. Eigen reports
// whether the QL/QR iteration on the small blocks converged.
func Eigen(d, e []float64, z []float64, ldz, rows int, work []float64) bool {
	n := len(d)
	if n == 0 {
		return true
	}
	if len(e) < n-1 || ldz < n || len(z) < (rows-1)*ldz+n || len(work) < n*n {
		panic("tridiag: bad dimensions")
	}
	return run(d, e, z, ldz, rows, work, false)
}

// Vectors computes the eigenvalues and eigenvectors of the n×n symmetric
// tridiagonal matrix T with diagonal d (len n) and off-diagonal e (len n−1):
// on return d holds λ₁ ≤ … ≤ λₙ, e is destroyed, and the n×n matrix Z
// (row-major, stride ldz) holds the orthonormal eigenvectors as columns,
// T = Z·diag(λ)·Zᵀ. It is Eigen with Z = I, but cheaper: the eigenvector
// matrix of a block of T is zero outside the block's rows, so every merge
// multiplies only the block's rows, and each half of them only by the
// columns that are nonzero in it (LAPACK's dlaed2/dlaed3), about a third of
// Eigen's work on a full Z. work must hold at least n·n values. Vectors
// reports whether the QL/QR iteration on the small blocks converged.
func Vectors(d, e []float64, z []float64, ldz int, work []float64) bool {
	n := len(d)
	if n == 0 {
		return true
	}
	if len(e) < n-1 || ldz < n || len(z) < (n-1)*ldz+n || len(work) < n*n {
		panic("tridiag: bad dimensions")
	}
	for i := range n {
		clear(z[i*ldz : i*ldz+n])
		z[i*ldz+i] = 1
	}
	return run(d, e, z, ldz, n, work, true)
}

// VectorsQ computes the eigenvalues of the n×n symmetric tridiagonal T
// (as Vectors) and the eigenvectors of A = Q·T·Qᵀ, given mulQ, which
// multiplies Z by Q from the left in place: on return Z (n×n, row-major,
// stride ldz) holds them as columns. With h = n/2, VectorsQ first solves
// the two halves of T into Z's diagonal blocks (Z's rows and columns 0…h−1,
// and h…n−1) with work (n·n values) as workspace, reading and writing
// nothing of Z's two off-diagonal blocks; then it calls mulQ, which must
// set those blocks to zero and multiply Z by Q, and may overwrite work; then
// it merges the halves, multiplying all of Z's rows, with work as
// workspace. The caller can thus keep Q's data in the off-diagonal blocks
// while the halves use work. This is about n³ flops more than Vectors and a
// product by Q, but needs no more memory than Z and work. n must exceed 32.
// VectorsQ reports whether the QL/QR iteration on the small blocks
// converged; mulQ is called in either case.
func VectorsQ(d, e []float64, z []float64, ldz int, work []float64, mulQ func()) bool {
	n := len(d)
	if n <= leafSize || len(e) < n-1 || ldz < n || len(z) < (n-1)*ldz+n || len(work) < n*n {
		panic("tridiag: bad dimensions")
	}
	h := n / 2
	for i := range n {
		lo, hi := 0, h
		if i >= h {
			lo, hi = h, n
		}
		clear(z[i*ldz+lo : i*ldz+hi])
		z[i*ldz+i] = 1
	}
	called := false
	ok := runQ(d, e, z, ldz, work, func() {
		called = true
		mulQ()
	})
	if !called {
		mulQ()
	}
	return ok
}

// run is Eigen, restricted to the blocks' own rows of Z when local is true
// (Z = I on entry).
func run(d, e []float64, z []float64, ldz, rows int, work []float64, local bool) bool {
	return runMid(d, e, z, ldz, rows, work, local, nil)
}

// runQ is VectorsQ after Z's set-up.
func runQ(d, e []float64, z []float64, ldz int, work []float64, mid func()) bool {
	return runMid(d, e, z, ldz, len(d), work, true, mid)
}

// runMid is run; with mid non-nil, the top split's halves are solved with
// local set, then mid is called and the top merge multiplies all rows.
func runMid(d, e []float64, z []float64, ldz, rows int, work []float64, local bool, mid func()) bool {
	n := len(d)
	// Scale T to norm 1 against overflow in the secular equation.
	scale := 0.0
	for _, v := range d {
		scale = max(scale, math.Abs(v))
	}
	for _, v := range e[:n-1] {
		scale = max(scale, math.Abs(v))
	}
	if scale == 0 {
		return true
	}
	for i := range d {
		d[i] /= scale
	}
	for i := range e[:n-1] {
		e[i] /= scale
	}
	s := &solver{
		n: n, d: d, e: e, z: z, ldz: ldz, rows: rows, work: work,
		fl: make([]float64, 2*n), local: local, mid: mid,
	}
	ok := s.solve(0, n)
	for i := range d {
		d[i] *= scale
	}
	return ok
}

// solver holds one divide-and-conquer run. fl is a 2×n matrix whose rows
// hold, for each solved block [lo, lo+m), the first and the last row of the
// block's eigenvector matrix (the merge's z is made of them). With local
// set, Z started as I, and only the rows of a block are transformed.
type solver struct {
	n, ldz, rows int
	d, e, z      []float64
	work         []float64
	fl           []float64
	local        bool
	buf          []float64 // the transforms' row blocks
	// serial makes the solver use its goroutine only: the two halves of
	// the top split run side by side.
	serial bool
	// mid, if not nil, is called between the top split's halves and their
	// merge (VectorsQ).
	mid func()
}

// forkMin is the smallest order whose two halves are solved side by side,
// each on one goroutine, before their merge uses all of them: the merges
// below it are too small to share well.
const forkMin = 256

// window is a range of rows of Z, relative to the block's first row when
// local, multiplied by the columns off…off+k−1 of V's rows in group order.
type window struct {
	r0, r1, off, k int
}

func (s *solver) solve(lo, m int) bool {
	if m <= leafSize {
		return s.leaf(lo, m)
	}
	m1 := m / 2
	beta := s.e[lo+m1-1]
	s.d[lo+m1-1] -= math.Abs(beta)
	s.d[lo+m1] -= math.Abs(beta)
	if s.mid != nil || (!s.serial && m >= forkMin) {
		// The halves, each by a serial solver with its own part of the
		// workspace; the same arithmetic whether or not they overlap.
		h1, h2 := *s, *s
		h1.serial, h2.serial = true, true
		h1.mid, h2.mid = nil, nil
		h1.buf, h2.buf = nil, nil
		h1.work = s.work[:m1*m1]
		h2.work = s.work[m1*m1 : m1*m1+(m-m1)*(m-m1)]
		var ok2 bool
		if runtime.GOMAXPROCS(0) >= 2 {
			done := make(chan struct{})
			go func() {
				ok2 = h2.solve(lo+m1, m-m1)
				close(done)
			}()
			ok1 := h1.solve(lo, m1)
			<-done
			if !ok1 || !ok2 {
				return false
			}
		} else if !h1.solve(lo, m1) || !h2.solve(lo+m1, m-m1) {
			return false
		}
	} else if !s.solve(lo, m1) || !s.solve(lo+m1, m-m1) {
		return false
	}
	if s.mid != nil {
		// Z = Q·diag(Q₁, Q₂) from here: the merge multiplies all its rows.
		s.mid()
		s.mid = nil
		s.local = false
	}
	s.merge(lo, m1, m-m1, beta)
	return true
}

// pfor is parallelFor, or a loop on the caller for a serial solver.
func (s *solver) pfor(n, chunk int, f func(lo, hi int)) {
	if s.serial {
		f(0, n)
		return
	}
	parallelFor(n, chunk, f)
}

// mul is gemm.Dgemm, or gemm.DgemmSerial for a serial solver (the same
// bits).
func (s *solver) mul(tA, tB blas.Transpose, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if s.serial {
		gemm.DgemmSerial(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
		return
	}
	gemm.Dgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
}

// leaf solves the block [lo, lo+m) by implicit QL/QR.
func (s *solver) leaf(lo, m int) bool {
	q := s.work[:m*m]
	wk := make([]float64, max(1, 2*m-2))
	if !(gonum.Implementation{}).Dsteqr(lapack.EVTridiag, m, s.d[lo:lo+m], s.e[lo:lo+max(m-1, 0)], q, m, wk) {
		return false
	}
	n := s.n
	if s.local {
		// The block of Z is I, so it becomes q; its first and last rows
		// are q's.
		for r := range m {
			copy(s.z[(lo+r)*s.ldz+lo:(lo+r)*s.ldz+lo+m], q[r*m:(r+1)*m])
		}
		copy(s.fl[lo:lo+m], q[:m])
		copy(s.fl[n+lo:n+lo+m], q[(m-1)*m:m*m])
		return true
	}
	// The first and last rows of the identity, which the transform turns
	// into those of q.
	clear(s.fl[lo : lo+m])
	clear(s.fl[n+lo : n+lo+m])
	s.fl[lo] = 1
	s.fl[n+lo+m-1] = 1
	src := make([]int, m)
	for i := range src {
		src[i] = i
	}
	s.transform(lo, m, src, q, blas.NoTrans, src, nil, nil, []window{{0, s.rows, 0, m}})
	return true
}

// transform replaces, in the rows x of Z given by wins and in those of fl,
// the entries x[lo:lo+m] by y with y[out[j]] = Σᵢ x[lo+src[i]]·V(i, j) (V
// k×k in v, or Vᵀ when tV is blas.Trans) and y[dout[l]] = x[lo+dsrc[l]].
// In the rows of a window the sum runs over its i = off…off+k−1 only: the
// other entries x[lo+src[i]] are zero there.
func (s *solver) transform(lo, m int, src []int, v []float64, tV blas.Transpose, out, dsrc, dout []int, wins []window) {
	k := len(src)
	nd := len(dsrc)
	bs := min(rowBlock, s.rows)
	if len(s.buf) < 3*bs*m {
		// Room for this merge, reused by the smaller ones.
		s.buf = make([]float64, 3*bs*m)
	}
	g := s.buf[: bs*max(k, 1) : bs*max(k, 1)]
	r := s.buf[bs*m : bs*m+bs*max(k, 1)]
	dv := s.buf[2*bs*m : 2*bs*m+bs*max(nd, 1)]
	apply := func(x []float64, ld, first, rows int, w window) {
		kw := w.k
		sw := src[w.off : w.off+kw]
		vw := v[w.off*k:]
		if tV != blas.NoTrans {
			vw = v[w.off:]
		}
		x = x[first*ld:]
		for r0 := 0; r0 < rows; r0 += bs {
			nr := min(bs, rows-r0)
			s.pfor(nr, 64, func(i0, i1 int) {
				for i := i0; i < i1; i++ {
					row := x[(r0+i)*ld+lo : (r0+i)*ld+lo+m]
					gi := g[i*kw : i*kw+kw]
					for c, sc := range sw {
						gi[c] = row[sc]
					}
					di := dv[i*nd : i*nd+nd]
					for c, sc := range dsrc {
						di[c] = row[sc]
					}
				}
			})
			if kw > 0 {
				s.mul(blas.NoTrans, tV, nr, k, kw, g, kw, vw, k, r, k)
			} else {
				clear(r[:nr*k])
			}
			s.pfor(nr, 64, func(i0, i1 int) {
				for i := i0; i < i1; i++ {
					row := x[(r0+i)*ld+lo : (r0+i)*ld+lo+m]
					ri := r[i*k : i*k+k]
					for c, oc := range out {
						row[oc] = ri[c]
					}
					di := dv[i*nd : i*nd+nd]
					for c, oc := range dout {
						row[oc] = di[c]
					}
				}
			})
		}
	}
	for _, w := range wins {
		first := w.r0
		if s.local {
			first += lo
		}
		apply(s.z, s.ldz, first, w.r1-w.r0, w)
	}
	apply(s.fl, s.n, 0, 2, window{0, 2, 0, k})
}

// merge solves D + ρ·z·zᵀ for the blocks [lo, lo+m1) and [lo+m1, lo+m1+m2)
// and updates d, Z and fl.
func (s *solver) merge(lo, m1, m2 int, beta float64) {
	n := s.n
	m := m1 + m2
	d := s.d[lo : lo+m]
	fRow := s.fl[lo : lo+m]
	lRow := s.fl[n+lo : n+lo+m]
	// z = (last row of Q₁; sign(β)·first row of Q₂)/√2, ‖z‖ = 1, ρ = 2|β|.
	z := make([]float64, m)
	copy(z[:m1], lRow[:m1])
	copy(z[m1:], fRow[m1:])
	sg := 1.0
	if beta < 0 {
		sg = -1
	}
	for i := range z {
		if i >= m1 {
			z[i] *= sg
		}
		z[i] /= math.Sqrt2
	}
	rho := 2 * math.Abs(beta)
	// The merged block's first row is (first row of Q₁, 0), its last
	// (0, last row of Q₂), both transformed below like the rows of Z.
	clear(fRow[m1:])
	clear(lRow[:m1])

	// Poles in ascending order.
	perm := make([]int, m)
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return d[perm[a]] < d[perm[b]] })

	// Deflation (LAPACK's dlaed2).
	dmax, zmax := 0.0, 0.0
	for i := range m {
		dmax = max(dmax, math.Abs(d[i]))
		zmax = max(zmax, math.Abs(z[i]))
	}
	tol := 8 * eps * max(dmax, zmax)
	// typ[c] says in which half of the block's rows column c of Z may be
	// nonzero (bit 1: the first m1 rows, bit 2: the others); a rotation
	// mixes two columns.
	typ := make([]uint8, m)
	for c := range typ {
		typ[c] = 1
		if c >= m1 {
			typ[c] = 2
		}
	}
	var src, dsrc []int // local columns: kept poles (ascending), deflated
	pj := -1
	for _, nj := range perm {
		if rho*math.Abs(z[nj]) <= tol {
			dsrc = append(dsrc, nj)
			continue
		}
		if pj < 0 {
			pj = nj
			continue
		}
		sn, c := z[pj], z[nj]
		tau := math.Hypot(c, sn)
		t := d[nj] - d[pj]
		c /= tau
		sn = -sn / tau
		if math.Abs(t*c*sn) <= tol {
			// Rotate columns pj and nj so that z[pj] = 0: pj is deflated.
			z[nj] = tau
			z[pj] = 0
			s.rotate(lo, m, lo+pj, lo+nj, c, sn)
			typ[pj] |= typ[nj]
			typ[nj] = typ[pj]
			t = d[pj]*c*c + d[nj]*sn*sn
			d[nj] = d[pj]*sn*sn + d[nj]*c*c
			d[pj] = t
			dsrc = append(dsrc, pj)
		} else {
			src = append(src, pj)
		}
		pj = nj
	}
	if pj >= 0 {
		src = append(src, pj)
	}
	k := len(src)
	delta := make([]float64, k)
	zk := make([]float64, k)
	for i, c := range src {
		delta[i] = d[c]
		zk[i] = z[c]
	}
	// The rows of V (kept poles) in group order: the columns of Z nonzero
	// in the first half of the rows only, then in both, then in the second
	// half only, so that each half multiplies a contiguous range of them.
	// Without local all rows of Z are full and the order stays.
	var pos []int
	srcG := src
	wins := []window{{0, s.rows, 0, k}}
	if s.local {
		pos = make([]int, k)
		srcG = make([]int, k)
		var cnt [4]int
		for _, c := range src {
			cnt[typ[c]]++
		}
		next := [4]int{1: 0, 3: cnt[1], 2: cnt[1] + cnt[3]}
		for i, c := range src {
			pos[i] = next[typ[c]]
			next[typ[c]]++
			srcG[pos[i]] = c
		}
		wins = []window{{0, m1, 0, cnt[1] + cnt[3]}, {m1, m, cnt[1], cnt[3] + cnt[2]}}
	}
	// After rotations the kept poles may be out of order by rounding.
	lam := make([]float64, k)
	vt := s.work[:k*k]
	if k > 0 {
		secularAll(s, delta, zk, rho, lam, vt)
		vectors(s, delta, zk, vt, pos)
	}

	// Final order: all m eigenvalues ascending.
	type item struct {
		v   float64
		idx int // j < k: new eigenpair j; j ≥ k: deflated j−k
	}
	items := make([]item, 0, m)
	for j, v := range lam {
		items = append(items, item{v, j})
	}
	for l, c := range dsrc {
		items = append(items, item{d[c], k + l})
	}
	slices.SortStableFunc(items, func(a, b item) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return a.idx - b.idx
	})
	out := make([]int, k)
	dout := make([]int, len(dsrc))
	for pos, it := range items {
		if it.idx < k {
			out[it.idx] = pos
		} else {
			dout[it.idx-k] = pos
		}
		d[pos] = it.v
	}
	s.transform(lo, m, srcG, vt, blas.Trans, out, dsrc, dout, wins)
}

// rotate applies the plane rotation (x, y) ← (c·x + s·y, c·y − s·x) to the
// columns i and j of Z (of its rows lo…lo+m−1 when local: the others are
// zero in the block's columns) and of fl.
func (s *solver) rotate(lo, m, i, j int, c, sn float64) {
	rot := func(x []float64, ld, rows int) {
		for r := range rows {
			a, b := x[r*ld+i], x[r*ld+j]
			x[r*ld+i] = c*a + sn*b
			x[r*ld+j] = c*b - sn*a
		}
	}
	if s.local {
		rot(s.z[lo*s.ldz:], s.ldz, m)
	} else {
		rot(s.z, s.ldz, s.rows)
	}
	rot(s.fl, s.n, 2)
}

// parallelFor runs f on [lo, hi) chunks of [0, n) of the given size on up to
// GOMAXPROCS goroutines. Each index is handled by one call, so results that
// depend only on the index do not depend on the scheduling.
func parallelFor(n, chunk int, f func(lo, hi int)) {
	tasks := (n + chunk - 1) / chunk
	workers := min(runtime.GOMAXPROCS(0), tasks)
	var next atomic.Int64
	work := func() {
		for {
			t := int(next.Add(1) - 1)
			if t >= tasks {
				return
			}
			f(t*chunk, min(n, (t+1)*chunk))
		}
	}
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

// secularAll finds, on s's goroutines, the k roots λⱼ of 1 + ρ·Σᵢ zᵢ²/(δᵢ − λ) for poles δ
// ascending, and stores the differences δᵢ − λⱼ in row j of diff (k×k).
func secularAll(s *solver, delta, z []float64, rho float64, lam, diff []float64) {
	k := len(delta)
	z2 := make([]float64, k)
	for i, v := range z {
		z2[i] = v * v
	}
	s.pfor(k, 32, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			lam[j] = secular(j, delta, z2, rho, diff[j*k:(j+1)*k])
		}
	})
}

// secular returns the j-th root of the secular equation and stores δᵢ − λⱼ
// in dj, each computed from differences of poles and a small shift.
func secular(j int, delta, z2 []float64, rho float64, dj []float64) float64 {
	k := len(delta)
	// g(τ) = 1 + ρ·Σ z2ᵢ/(Δᵢ − τ), Δ = δ − δ_origin: increasing in τ
	// between its poles; the root lies where g changes sign.
	eval := func(origin int, tau float64) (psi, dpsi, phi, dphi float64) {
		do := delta[origin]
		for i := range j + 1 {
			inv := 1 / ((delta[i] - do) - tau)
			t := z2[i] * inv
			psi += t
			dpsi += t * inv
		}
		for i := j + 1; i < k; i++ {
			inv := 1 / ((delta[i] - do) - tau)
			t := z2[i] * inv
			phi += t
			dphi += t * inv
		}
		return rho * psi, rho * dpsi, rho * phi, rho * dphi
	}
	var origin int
	var lo, hi, p, q float64 // bracket; left and right pole, shifted
	// model returns the next iterate from the values at tau: the root in
	// (lo, hi) of the two-pole model ψ ≈ a₁ + b₁/(p − x),
	// φ ≈ a₂ + b₂/(q − x) (φ ≈ 0 for the last root), or the bracket's
	// midpoint.
	model := func(tau, psi, dpsi, phi, dphi float64) float64 {
		next := math.NaN()
		b1 := dpsi * (p - tau) * (p - tau)
		a1 := psi - b1/(p-tau)
		if j < k-1 {
			b2 := dphi * (q - tau) * (q - tau)
			a2 := phi - b2/(q-tau)
			c := 1 + a1 + a2
			// c(p−x)(q−x) + b₁(q−x) + b₂(p−x) = 0.
			A := c
			B := -(c*(p+q) + b1 + b2)
			C := c*p*q + b1*q + b2*p
			next = quadRoot(A, B, C, lo, hi)
		} else {
			c := 1 + a1
			if c > 0 {
				next = p + b1/c
			}
		}
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		return next
	}
	var tau float64
	if j < k-1 {
		// The sign of g at the middle of the gap says which pole the root
		// is nearer, the origin; the model at the middle gives the start.
		gap := delta[j+1] - delta[j]
		psi, dpsi, phi, dphi := eval(j, gap/2)
		mid := gap / 2
		if 1+psi+phi >= 0 {
			origin, lo, hi = j, 0, gap/2
		} else {
			origin, lo, hi = j+1, gap/2-gap, 0
			mid = gap/2 - gap
		}
		p = delta[j] - delta[origin]
		q = delta[j+1] - delta[origin]
		tau = model(mid, psi, dpsi, phi, dphi)
	} else {
		sum := 0.0
		for _, v := range z2 {
			sum += v
		}
		origin, lo, hi = k-1, 0, rho*sum
		p = 0
		tau = (lo + hi) / 2
	}
	for range 100 {
		psi, dpsi, phi, dphi := eval(origin, tau)
		g := 1 + psi + phi
		if g > 0 {
			hi = tau
		} else {
			lo = tau
		}
		// The rounding error of g is a few ε·(1 + |ψ| + |φ|) (LAPACK's
		// dlaed4 uses the same bound); stop when g is below it.
		if math.Abs(g) <= 8*eps*(1+math.Abs(psi)+math.Abs(phi)) ||
			hi-lo <= 4*eps*max(math.Abs(lo), math.Abs(hi)) {
			break
		}
		next := model(tau, psi, dpsi, phi, dphi)
		if next == tau {
			break
		}
		tau = next
	}
	for i := range k {
		dj[i] = (delta[i] - delta[origin]) - tau
	}
	return delta[origin] + tau
}

// quadRoot returns a root of A·x² + B·x + C in (lo, hi), or NaN.
func quadRoot(A, B, C, lo, hi float64) float64 {
	if A == 0 {
		if B == 0 {
			return math.NaN()
		}
		return -C / B
	}
	disc := math.Sqrt(max(0, B*B-4*A*C))
	var r1 float64
	if B >= 0 {
		r1 = (-B - disc) / (2 * A)
	} else {
		r1 = (-B + disc) / (2 * A)
	}
	r2 := math.NaN()
	if r1 != 0 {
		r2 = C / (A * r1)
	}
	switch {
	case r1 > lo && r1 < hi:
		return r1
	case r2 > lo && r2 < hi:
		return r2
	}
	return math.NaN()
}

// vectors overwrites, on s's goroutines, the differences δᵢ − λⱼ in row j of vt with the unit
// eigenvector vⱼ, vᵢⱼ ∝ ẑᵢ/(δᵢ − λⱼ), where ẑ is recomputed from the roots by
// Löwner's formula ẑᵢ² ∝ Πⱼ(λⱼ − δᵢ)/Πⱼ≠ᵢ(δⱼ − δᵢ), signed like z. With pos
// non-nil, vᵢⱼ goes to entry pos[i] of row j instead of entry i.
func vectors(s *solver, delta, z []float64, vt []float64, pos []int) {
	k := len(delta)
	zh := make([]float64, k)
	s.pfor(k, 64, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			w := vt[i*k+i]
			for j := range k {
				if j != i {
					w *= vt[j*k+i] / (delta[i] - delta[j])
				}
			}
			zh[i] = math.Copysign(math.Sqrt(math.Abs(w)), z[i])
		}
	})
	s.pfor(k, 64, func(lo, hi int) {
		var tmp []float64
		if pos != nil {
			tmp = make([]float64, k)
		}
		for j := lo; j < hi; j++ {
			row := vt[j*k : (j+1)*k]
			var ss float64
			for i := range row {
				row[i] = zh[i] / row[i]
				ss += row[i] * row[i]
			}
			inv := 1 / math.Sqrt(ss)
			if pos == nil {
				for i := range row {
					row[i] *= inv
				}
				continue
			}
			for i, v := range row {
				tmp[pos[i]] = v * inv
			}
			copy(row, tmp)
		}
	})
}

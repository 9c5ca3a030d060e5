// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"math"
	"runtime"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// The fused path of Loss, LossGrad and Gradient, where the CPU has the
// vector kernels (AVX-512 on amd64). For each row i of the student:
//
//	cᵢⱼ = ŵᵢ·ûⱼ for all j < k + m               (mulRows or gramRows),
//	Pᵢⱼ = π − θᵢⱼ, sin θᵢⱼ, coefficients ωⱼPᵢⱼ,
//	ρᵢ = Σ_{j≠i} ωⱼ sin θᵢⱼ and the loss sums     (pairRows),
//	gᵢ = αᵢ/(2π) (Σⱼ ωⱼPᵢⱼ ûⱼ + ρᵢ ŵᵢ)            (mulRows with Û),
//
// with ω = (αⱼ‖wⱼ‖, −βₗ‖vₗ‖), U = [Ŵ; V̂] and Pᵢᵢ = π (the self term
// g(w,w) = w/2), after normRows has computed ‖wᵢ‖, ŵᵢ and its column of Ûᵀ
// (or, from fusedParallel, of its chunk's block of Ŵᵀ). Below fusedParallel
// one call of mulRows gives the whole Gram matrix; from it, gramRows gives
// ŴŴᵀ by chunks of fusedChunk rows (each chunk's columns from its diagonal
// down, and their mirror image) and ŴV̂ᵀ by rows; beyond fusedMaxB the
// Gram matrix and the gradient are BLAS products. The chunks of rows go to
// the goroutines, the Gram chunks first; every entry and every row's results
// are computed by the same operations whatever the chunk or the goroutine,
// so they do not depend on GOMAXPROCS. Pairs with |cos θ| > kahanCos (the
// pair kernel lists them) get the angle from kahanAngle, as in the
// reference path (gradRows).

// The vector kernels, nil where the CPU has none (then Workspace uses the
// reference path: BLAS products and gradRows).
var (
	// mulRowsAsm is mulRowsGo.
	mulRowsAsm func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)
	// pairRowsAsm is pairRowsGo.
	pairRowsAsm func(c []float64, ld int, om, coef []float64, rows, n1 int, idx []int64, out []pairSums, loss bool)
	// normRowsAsm is normRowsGo.
	normRowsAsm func(w []float64, ldw, rows, d int, u, ut []float64, ldt int, nw []float64)
	// finishRowsAsm is finishRowsGo.
	finishRowsAsm func(g []float64, ldg, rows, d int, u, r, s, ss []float64)
)

// finishRowsGo sets, for each row i < rows of g (stride ldg, d entries),
// gᵢⱼ = s[i]·(gᵢⱼ + r[i]·uᵢⱼ) (u of stride d) and ss[i] = Σⱼ gᵢⱼ² summed in 8
// lanes (j mod 8, fused multiply–adds) as laneSum: the operations of the
// vector kernel.
func finishRowsGo(g []float64, ldg, rows, d int, u, r, s, ss []float64) {
	for i := 0; i < rows; i++ {
		gi, ui := g[i*ldg:i*ldg+d], u[i*d:i*d+d]
		var acc [8]float64
		for j, w := range ui {
			v := math.FMA(r[i], w, gi[j]) * s[i]
			gi[j] = v
			acc[j%8] = math.FMA(v, v, acc[j%8])
		}
		ss[i] = laneSum(acc)
	}
}

// normRowsGo stores, for each row i < rows of w (stride ldw, d entries), its
// norm nw[i] = √s with s = Σⱼ wᵢⱼ² summed in 8 lanes (j mod 8, fused
// multiply–adds) as laneSum, and the unit row wᵢⱼ·(1/nw[i]) into u[i·d + j]
// and ut[j·ldt + i]: the operations of the vector kernel. The caller checks
// that the sums neither overflowed nor underflowed.
func normRowsGo(w []float64, ldw, rows, d int, u, ut []float64, ldt int, nw []float64) {
	for i := 0; i < rows; i++ {
		row := w[i*ldw : i*ldw+d]
		var acc [8]float64
		for j, x := range row {
			acc[j%8] = math.FMA(x, x, acc[j%8])
		}
		n := math.Sqrt(laneSum(acc))
		nw[i] = n
		inv := 1 / n
		for j, x := range row {
			v := x * inv
			u[i*d+j] = v
			ut[j*ldt+i] = v
		}
	}
}

// loadRowsFast is loadRows for the fused path by normRowsAsm, where W is a
// *mat.Dense whose norms are all in (1e-145, 1e145) (so that their squares
// neither under- nor overflow); it reports false otherwise (then W is to be
// loaded by loadRows, which reports zero and non-finite rows).
func (ws *Workspace) loadRowsFast(W mat.Matrix) bool {
	dw, ok := W.(*mat.Dense)
	if !ok || normRowsAsm == nil {
		return false
	}
	k, d := dw.Dims()
	if k != ws.k || d != ws.d {
		panic(mat.ErrShape)
	}
	raw := dw.RawMatrix()
	if ws.fsmall {
		normRowsAsm(raw.Data, raw.Stride, k, d, ws.u, ws.ut, ws.km, ws.nw)
	} else {
		for lo := 0; lo < k; lo += fusedChunk {
			hi := min(lo+fusedChunk, k)
			normRowsAsm(raw.Data[lo*raw.Stride:], raw.Stride, hi-lo, d, ws.u[lo*d:], ws.wt[lo*d:], fusedChunk, ws.nw[lo:hi])
		}
	}
	for i, n := range ws.nw {
		if !(n > 1e-145 && n < 1e145) {
			return false
		}
		ws.omega[i] = ws.p.alphaAt(i) * n
	}
	return true
}

// pairSums are the results of the pair kernel on a row.
type pairSums struct {
	rho, lw, lv float64 // ρ, the loss sums over the students and the teachers
	nflag       int     // the number of Kahan pairs
}

// pairRowsGo runs pairRowGo on rows rows of len(om) cosines (row i at
// c[i·ld:], its coefficients at coef[i·ld:] and its Kahan pairs at
// idx[i·ld:]), the first n1 of which are students; out[i] receives the sums
// (the loss sums zero unless loss).
func pairRowsGo(c []float64, ld int, om, coef []float64, rows, n1 int, idx []int64, out []pairSums, loss bool) {
	n := len(om)
	for i := 0; i < rows; i++ {
		out[i] = pairRowGo(c[i*ld:i*ld+n], om, coef[i*ld:i*ld+n], n1, idx[i*ld:i*ld+n])
		if !loss {
			out[i].lw, out[i].lv = 0, 0
		}
	}
}

// cosC holds the Taylor coefficients (−1)ⁿ/(2n)! of cos p = Σ cₙ(p²)ⁿ,
// n ≤ 8: for |p| ≤ π/6 (p = asin y, |y| ≤ ½) the first omitted term is below
// (π/6)¹⁸/18! = 1.4e-21.
var cosC = func() (c [9]float64) {
	f := 1.0
	for n := range c {
		if n > 0 {
			f *= float64((2*n - 1) * 2 * n)
		}
		c[n] = 1 / f
		if n%2 == 1 {
			c[n] = -c[n]
		}
	}
	return c
}()

// mulRowsGo stores C = A·B for the m×k matrix A, the k×n matrix B and the
// m×n matrix C, all row-major with strides lda, ldb, ldc. Each entry is one
// chain of fused multiply–adds over p = 0…k−1 starting from 0, the
// operations of the vector kernels.
func mulRowsGo(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		clear(ci)
		for p, x := range a[i*lda : i*lda+k] {
			for j, y := range b[p*ldb : p*ldb+n] {
				ci[j] = math.FMA(x, y, ci[j])
			}
		}
	}
}

// pairRowGo is the elementwise pass of one row of the fused path over the
// cosines c of one student with the len(c) neurons of weights om, the first
// n1 of them students: with x = c[j], P = π − arccos x and s = √(1 − x²) it
// stores coef[j] = om[j]·P and returns ρ = Σ om[j]·s and the loss sums
// Σ om[j]·(s + P·x) over the students and over the teachers, all over the j
// with |x| ≤ kahanCos; the other j (nflag of them) are listed in idx, in
// increasing order, for the caller (their coef is unspecified: NaN where
// |x| > 1, a rounding of the Gram product of parallel rows). As in acos,
// |x| > ½ goes through arccos x = 2·asin(y) (or π − 2·asin(y)) with
// y = √((1 − |x|)/2), and then s = sin 2·asin(y) = 2y·cos(asin y), so that
// every lane takes one square root. The arcsine is asinSmall's polynomial
// and the cosine cosC's, both by Horner's scheme with fused multiply–adds,
// and each sum runs over 8 lanes (j mod 8), then lanes 0–3 + 4–7, 0–1 + 2–3,
// 0 + 1: the operations of the vector kernel, whose results are bit for bit
// these (TestPairRow).
func pairRowGo(c, om, coef []float64, n1 int, idx []int64) (ps pairSums) {
	var racc, wacc, vacc [8]float64
	r := &asinR
	for j, x := range c {
		a := math.Abs(x)
		flag := a > kahanCos
		if flag {
			idx[ps.nflag] = int64(j)
			ps.nflag++
		}
		big := a > 0.5
		q := math.FMA(-x, x, 1)
		if big {
			q = (1 - a) * 0.5
		}
		rt := math.Sqrt(q)
		y := x
		if big {
			y = rt
		}
		z := y * y
		rz := r[12]
		for n := 11; n >= 0; n-- {
			rz = math.FMA(z, rz, r[n])
		}
		p := math.FMA(y*z, rz, y)
		var pp float64
		switch {
		case !big:
			pp = p + math.Pi/2
		case math.Signbit(x):
			pp = p + p
		default:
			pp = math.Pi - (p + p)
		}
		s := rt
		if big {
			// sin θ = sin 2p = 2y·cos p.
			w := p * p
			cp := cosC[8]
			for n := 7; n >= 0; n-- {
				cp = math.FMA(w, cp, cosC[n])
			}
			s = (y + y) * cp
		}
		w := om[j]
		coef[j] = w * pp
		if !flag {
			l := j % 8
			racc[l] = math.FMA(w, s, racc[l])
			if j < n1 {
				wacc[l] = math.FMA(w, math.FMA(x, pp, s), wacc[l])
			} else {
				vacc[l] = math.FMA(w, math.FMA(x, pp, s), vacc[l])
			}
		}
	}
	ps.rho, ps.lw, ps.lv = laneSum(racc), laneSum(wacc), laneSum(vacc)
	return ps
}

// laneSum adds the 8 lanes of a vector in the order of the vector kernel.
func laneSum(s [8]float64) float64 {
	for l := 0; l < 4; l++ {
		s[l] += s[l+4]
	}
	return (s[0] + s[2]) + (s[1] + s[3])
}

// fusedMaxB bounds (k+m)·d for mulRows: its products stream Û and V̂ᵀ from
// the cache once per 8 rows, which pays while they fit in L2 (512 KiB);
// larger problems get the Gram matrix and the gradient from the packed BLAS
// products (fbig), and only the elementwise pass from the pair kernel.
const fusedMaxB = 1 << 16

// fusedChunk is the number of rows handed to a goroutine at a time, and
// fusedParallel the k·(k+m)·d from which the rows are shared among
// goroutines: at k = d = m = 100 (2·10⁶) two cores pay.
const (
	fusedChunk    = 8
	fusedParallel = 1 << 19
)

// fused reports whether the workspace evaluates loss and gradient by the
// fused path.
func (ws *Workspace) fused() bool {
	return mulRowsAsm != nil && pairRowsAsm != nil && normRowsAsm != nil && finishRowsAsm != nil
}

// fusedInit allocates the buffers of the fused path on first use.
func (ws *Workspace) fusedInit() {
	if ws.fidx != nil {
		return
	}
	k, km, d := ws.k, ws.km, ws.d
	ws.fbig = km*d > fusedMaxB
	// The first call runs on one thread, for timeCall.
	ws.serialCalls = 1
	if !ws.fbig {
		ws.ngram = (k + fusedChunk - 1) / fusedChunk
	}
	ws.fidx = make([]int64, k*km)
	ws.ssrow = make([]float64, k)
	ws.psum = make([]pairSums, k)
	ws.fdone = make(chan struct{}, 1)
	ws.gscale = make([]float64, k)
	for i := range ws.gscale {
		ws.gscale[i] = ws.p.alphaAt(i) / (2 * math.Pi)
	}
	if ws.fbig {
		return
	}
	if ws.fsmall = k*km*d < fusedParallel; ws.fsmall {
		ws.ut = make([]float64, d*km)
		for l := 0; l < ws.m; l++ {
			for j := 0; j < d; j++ {
				ws.ut[j*km+k+l] = ws.u[(k+l)*d+j]
			}
		}
		return
	}
	ws.wt = make([]float64, ws.ngram*fusedChunk*d)
	ws.vt = make([]float64, d*ws.m)
	for l := 0; l < ws.m; l++ {
		for j := 0; j < d; j++ {
			ws.vt[j*ws.m+l] = ws.u[(k+l)*d+j]
		}
	}
}

// fusedEval loads W (loadRows, with its errors) and computes the per-row
// loss terms (lrow) and, if grad is non-nil, ∇F into grad (row stride ds)
// and the per-row squared norms (ssrow). It returns F (if wantLoss) and
// ‖∇F‖²_F.
func (ws *Workspace) fusedEval(W mat.Matrix, wantLoss bool, grad []float64, ds int) (f, ss float64, err error) {
	k, km, d := ws.k, ws.km, ws.d
	nc := (k + fusedChunk - 1) / fusedChunk
	workers := 1
	if k*km*d >= fusedParallel {
		if ws.serialCalls > 0 {
			ws.serialCalls--
		} else {
			// At least two chunks per goroutine.
			workers = min(runtime.GOMAXPROCS(0), (nc+1)/2)
		}
		start := time.Now()
		defer ws.timeCall(start, workers)
	}
	if ws.fbig {
		// The Gram matrix by the BLAS products (themselves parallel), its
		// lower triangle filled in by the row passes.
		if err := ws.prepare(W); err != nil {
			return 0, 0, err
		}
		ws.fgrad, ws.fds, ws.fwantLoss = nil, 0, wantLoss
		ws.startHelpers(workers, nc)
		ws.runChunks(workers, nc)
		if grad != nil {
			gemm(blas.NoTrans, blas64.General{Rows: k, Cols: km, Stride: km, Data: ws.coef},
				blas64.General{Rows: km, Cols: d, Stride: d, Data: ws.u}, grad, ds)
			finishRowsAsm(grad, ds, k, d, ws.u, ws.rho, ws.gscale, ws.ssrow)
		}
	} else {
		// The helpers start now, so that they wake up while W is loaded.
		ws.startHelpers(workers, nc)
		if !ws.loadRowsFast(W) {
			if err := ws.loadRows(W, true); err != nil {
				ws.next.Store(chunksNone) // Nothing to do.
				return 0, 0, err
			}
		}
		ws.fgrad, ws.fds, ws.fwantLoss = grad, ds, wantLoss
		ws.runChunks(workers, nc)
	}
	if wantLoss {
		for _, v := range ws.lrow {
			f += v
		}
		f = f/(2*math.Pi) + ws.p.cvv
	}
	if grad != nil {
		for _, v := range ws.ssrow {
			ss += v
		}
	}
	return f, ss, nil
}

// runChunks runs the row passes on all rows: first the Gram matrix by
// chunks (gramRows, unless fbig), then the rest by chunks (restRows), shared
// with the helpers (already started) if workers > 1.
func (ws *Workspace) runChunks(workers, nc int) {
	ng := ws.ngram
	if workers == 1 {
		switch {
		case ws.fsmall:
			// The whole Gram matrix at once: fewer calls, the same bits.
			k, km, d := ws.k, ws.km, ws.d
			mulRowsAsm(k, km, d, ws.u, d, ws.ut, km, ws.cs, km)
		case ng > 0:
			for c := 0; c < ng; c++ {
				lo := c * fusedChunk
				ws.gramRows(lo, min(lo+fusedChunk, ws.k))
			}
		}
		// All rows at once: fewer calls, the same results.
		ws.restRows(0, ws.k)
		return
	}
	// The counts before next: a helper takes a task as soon as next is set.
	ws.pendingGram.Store(int64(ng))
	ws.pending.Store(int64(nc))
	ws.next.Store(0)
	if !ws.fusedChunks(ng + nc) {
		// A helper has the last chunks: wait for its signal, spinning first
		// (a chunk takes microseconds, parking more).
		start := time.Now()
		for i := 0; i < 64 && ws.pending.Load() != 0; i++ {
			runtime.Gosched()
		}
		<-ws.fdone
		if time.Since(start) > fusedMaxWait {
			// The helpers do not keep up (their threads wait for a core
			// busy with other work): one thread for a while.
			ws.serialCalls = fusedSerialCalls
		}
	}
}

// timeCall keeps the wall time of the last call on one thread and, after
// fusedSlowCalls calls in a row on several threads that took longer, runs
// the next fusedSerialCalls calls on one thread (the other cores are busy
// with other work; the helpers' threads wait for them).
func (ws *Workspace) timeCall(start time.Time, workers int) {
	dt := time.Since(start)
	if workers == 1 {
		ws.tSerial = dt
		return
	}
	if dt <= ws.tSerial {
		ws.slowCalls = 0
		return
	}
	if ws.slowCalls++; ws.slowCalls >= fusedSlowCalls {
		ws.slowCalls = 0
		ws.serialCalls = fusedSerialCalls
	}
}

// fusedSlowCalls is the number of slow calls in a row on several threads
// (timeCall) that make the workspace use one thread for a while.
const fusedSlowCalls = 3

// fusedMaxWait is the longest wait for the helpers' last chunk (a chunk
// takes about 15 µs at k = d = 100) before the workspace runs the next
// fusedSerialCalls calls on the caller's thread alone: on a loaded machine a
// helper's thread may wait milliseconds for a core (with the other core busy,
// k = d = 100 took 420–600 µs without this rule, 290–410 µs with it).
const (
	fusedMaxWait     = 100 * time.Microsecond
	fusedSerialCalls = 100
)

// runTask runs task t of runChunks: Gram chunk t if t < ngram, else, once
// the Gram matrix is complete, the rest of chunk t − ngram. It reports
// whether that was the last pending chunk.
func (ws *Workspace) runTask(t int) (last bool) {
	if t < ws.ngram {
		lo := t * fusedChunk
		ws.gramRows(lo, min(lo+fusedChunk, ws.k))
		ws.pendingGram.Add(-1)
		return false
	}
	for ws.pendingGram.Load() != 0 {
		runtime.Gosched()
	}
	lo := (t - ws.ngram) * fusedChunk
	ws.restRows(lo, min(lo+fusedChunk, ws.k))
	return ws.pending.Add(-1) == 0
}

// chunksNotReady is the value of Workspace.next while W is being loaded and
// chunksNone its value when a call has no tasks (after an error).
const (
	chunksNotReady = -1
	chunksNone     = 1 << 62
)

// fusedIdle is how long a helper goroutine waits for work, yielding its
// thread (runtime.Gosched) between looks, before it returns. In a loop of
// evaluations, such as gradient descent, the helpers stay on their cores,
// which parking and waking a thread for each call does not ensure: on the
// 2-core VM, k = d = 100 took 185 µs that way, 130 µs with helpers that
// wait (about 2000 yields in 200 µs), 167 µs on one core. The bound is on
// wall time, not on the number of yields, so that no helper outlives the last
// call by more than fusedIdle plus one scheduling slice, however busy the
// other goroutines keep its thread.
const fusedIdle = 200 * time.Microsecond

// startHelpers marks the chunks as not ready and starts helper goroutines
// until workers − 1 are running (counting those of earlier calls that still
// wait for work).
func (ws *Workspace) startHelpers(workers, nc int) {
	if workers < 2 {
		return
	}
	ws.next.Store(chunksNotReady)
	for ws.helpers.Load() < int64(workers-1) {
		ws.helpers.Add(1)
		go ws.fusedHelper(nc)
	}
}

// fusedChunks takes the tasks of runChunks (nt of them) until there are
// none left and reports whether it completed the last pending chunk.
func (ws *Workspace) fusedChunks(nt int) (last bool) {
	for {
		t := ws.next.Load()
		if t >= int64(nt) {
			return false
		}
		if !ws.next.CompareAndSwap(t, t+1) {
			continue
		}
		if ws.runTask(int(t)) {
			return true
		}
	}
}

// fusedHelper takes the tasks of runChunks of this and later calls (the
// counter orders it after each call's setup), signalling the caller when it
// completes the last chunk of a call, until it has found no work for
// fusedIdle.
func (ws *Workspace) fusedHelper(nc int) {
	defer ws.helpers.Add(-1)
	idle := time.Now()
	for {
		t := ws.next.Load()
		if t == chunksNotReady || t >= int64(ws.ngram+nc) {
			if time.Since(idle) > fusedIdle {
				return
			}
			runtime.Gosched()
			continue
		}
		if !ws.next.CompareAndSwap(t, t+1) {
			continue
		}
		if ws.runTask(int(t)) {
			ws.fdone <- struct{}{}
		}
		idle = time.Now()
	}
}

// gramRows stores the columns lo…hi−1 of ŴŴᵀ from row lo on (the product
// of Ŵ with the chunk's block of Ŵᵀ), their mirror image in the rows lo…hi−1
// from column hi on (ŵᵢ·ŵⱼ has the bits of ŵⱼ·ŵᵢ: the same chain of fused
// multiply–adds), and the rows lo…hi−1 of ŴV̂ᵀ. Once every chunk has run,
// every row of the Gram matrix Ŵ[Ŵ; V̂]ᵀ is complete; ŴŴᵀ took about half
// the multiply–adds, and no goroutine needed another's part of Ŵᵀ.
func (ws *Workspace) gramRows(lo, hi int) {
	k, km, d, m := ws.k, ws.km, ws.d, ws.m
	cs, u := ws.cs, ws.u
	mulRowsAsm(k-lo, hi-lo, d, u[lo*d:], d, ws.wt[lo*d:], fusedChunk, cs[lo*km+lo:], km)
	for i := lo; i < hi; i++ {
		row := cs[i*km+hi : i*km+k]
		for j := range row {
			row[j] = cs[(hi+j)*km+i]
		}
	}
	mulRowsAsm(hi-lo, m, d, u[lo*d:], d, ws.vt, m, cs[lo*km+k:], km)
}

// restRows runs the fused path on the rows lo…hi−1 once their Gram rows are
// complete (or, if fbig, the upper triangle of ŴŴᵀ): the pair kernel and its
// Kahan pairs, and the rows of the gradient (if fgrad is set).
func (ws *Workspace) restRows(lo, hi int) {
	k, km, d := ws.k, ws.km, ws.d
	u, cs, cf := ws.u, ws.cs, ws.coef
	if ws.fbig {
		// The lower triangle of ŴŴᵀ from the upper one (rows above are
		// only read).
		for i := max(lo, 1); i < hi; i++ {
			row := cs[i*km : i*km+i]
			for j := range row {
				row[j] = cs[j*km+i]
			}
		}
	}
	pairRowsAsm(cs[lo*km:], km, ws.omega, cf[lo*km:], hi-lo, k, ws.fidx[lo*km:], ws.psum[lo:], ws.fwantLoss)
	for i := lo; i < hi; i++ {
		ws.fusedPairs(i)
	}
	g := ws.fgrad
	if g == nil {
		return
	}
	ds := ws.fds
	mulRowsAsm(hi-lo, d, km, cf[lo*km:], km, u, d, g[lo*ds:], ds)
	finishRowsAsm(g[lo*ds:], ds, hi-lo, d, u[lo*d:], ws.rho[lo:], ws.gscale[lo:], ws.ssrow[lo:])
}

// fusedPairs completes the elementwise pass of row i after the pair kernel
// with its Kahan pairs (the diagonal among them: Pᵢᵢ = π, Kᵢᵢ = π): the
// coefficients, ρᵢ and the row's loss term ωᵢ(Σ_{j<k} ωⱼKᵢⱼ/2 + Σₗ ωₗKᵢₗ),
// K = sin θ + (π − θ)cos θ.
func (ws *Workspace) fusedPairs(i int) {
	k, km, d := ws.k, ws.km, ws.d
	row := ws.cs[i*km : (i+1)*km]
	crow := ws.coef[i*km : (i+1)*km]
	idx := ws.fidx[i*km : (i+1)*km]
	om, u := ws.omega, ws.u
	ui := u[i*d : (i+1)*d]
	ps := &ws.psum[i]
	rho, lw, lv := ps.rho, ps.lw, ps.lv
	for _, j := range idx[:ps.nflag] {
		if int(j) == i {
			crow[i] = math.Pi * om[i]
			lw += math.Pi * om[i]
			continue
		}
		r, l := ws.kahanPair(row, crow, ui, int(j))
		rho += r
		if int(j) < k {
			lw += l
		} else {
			lv += l
		}
	}
	ws.rho[i] = rho
	ws.lrow[i] = om[i] * (lw/2 + lv)
}

// kahanPair sets crow[j] for a pair with |cos θ| > kahanCos from the angle of
// kahanAngle and returns its terms ωⱼ sin θ and ωⱼK of ρ and the loss.
func (ws *Workspace) kahanPair(row, crow, ui []float64, j int) (rho, loss float64) {
	d := ws.d
	c := clamp1(row[j])
	t, s := kahanAngle(ui, ws.u[j*d:(j+1)*d])
	p := math.Pi - t
	w := ws.omega[j]
	crow[j] = w * p
	return w * s, w * (s + p*c)
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// DegenerateAngle is the tolerance deciding that two neurons are parallel
// (θ < DegenerateAngle) or antiparallel (π − θ < DegenerateAngle) in the
// Hessian and the Hessian-vector product, where the closed-form blocks take
// their limits h1 → 0, h2 → ½I (θ → 0) and h1 → 0, h2 → 0 (θ → π).
// The value 1e-6 is REFERENCE.md's: the unit vectors n̄ of the Hessian carry a
// relative rounding error of about 1e-16/θ, so at θ = 1e-6 they are still
// good to 1e-10, while using the limit there commits an O(θ) = 1e-6 error in
// the blocks of that pair only.
const DegenerateAngle = 1e-6

// kahanCos is the |cos θ| above which the angle is recomputed from the unit
// vectors by θ = 2·atan2(‖â − b̂‖, ‖â + b̂‖) (kahanAngle; by the arcsine of
// ‖â ∓ b̂‖/2 where that is at most ½) instead of arccos of the Gram
// entry. arccos loses accuracy as |c| → 1 (dθ/dc = −1/sin θ: a rounding error
// of 1e-16 in c becomes 1e-8 in θ at θ = 0); below 0.99 the amplification is
// at most 1/sin θ ≈ 7, so both branches are accurate to a few ulps.
const kahanCos = 0.99

// Problem is the teacher–student population loss with output weights,
//
//	F(W) = ½ E_{x~N(0,I_d)}[(Σᵢ αᵢ relu(wᵢ·x) − Σⱼ βⱼ relu(vⱼ·x))²]
//	     = ½ Σᵢⱼ αᵢαⱼ f(wᵢ,wⱼ) − Σᵢⱼ αᵢβⱼ f(wᵢ,vⱼ) + ½ Σᵢⱼ βᵢβⱼ f(vᵢ,vⱼ),
//
// for a fixed teacher V (m×d, rows are neurons) and student weights W (k×d).
// A Problem is immutable after NewProblem and safe for concurrent use; its
// methods allocate a fresh Workspace per call. Loops that evaluate F many times
// should use a Workspace (NewWorkspace), which does not allocate.
type Problem struct {
	m, d  int
	alpha []float64 // nil: all ones
	beta  []float64 // nil: all ones
	nv    []float64 // ‖vⱼ‖
	vhat  []float64 // m×d unit rows (zero rows stay zero)
	cvv   float64   // ½ Σ βᵢβⱼ f(vᵢ,vⱼ)
}

// NewProblem returns the problem with teacher V (m×d), student output
// weights alpha and teacher output weights beta. A nil alpha or beta means all
// ones (the papers' α = β = 1); a non-nil alpha fixes the student width
// k = len(alpha). The inputs are copied. Zero teacher rows are allowed (they
// contribute nothing). NewProblem returns an error wrapping ErrNotFinite if V,
// alpha or beta hold a NaN or ±Inf. It panics if V is empty or len(beta) ≠ m,
// or if alpha is non-nil and empty.
func NewProblem(V mat.Matrix, alpha, beta []float64) (*Problem, error) {
	m, d := V.Dims()
	if m == 0 || d == 0 {
		panic("landscape: empty teacher V")
	}
	if beta != nil && len(beta) != m {
		panic("landscape: len(beta) != rows of V")
	}
	if alpha != nil && len(alpha) == 0 {
		panic("landscape: empty alpha")
	}
	p := &Problem{m: m, d: d, nv: make([]float64, m), vhat: make([]float64, m*d)}
	for i := 0; i < m; i++ {
		row := p.vhat[i*d : (i+1)*d]
		for j := range row {
			v := V.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &NotFiniteError{What: "V", Row: i, Col: j}
			}
			row[j] = v
		}
		n := rowNorm(row)
		if math.IsInf(n, 0) {
			return nil, &NotFiniteError{What: "norm of V", Row: i, Col: -1}
		}
		p.nv[i] = n
		if n > 0 {
			for j := range row {
				row[j] /= n
			}
		}
	}
	for _, w := range []struct {
		name string
		x    []float64
	}{{"alpha", alpha}, {"beta", beta}} {
		for i, v := range w.x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &NotFiniteError{What: w.name, Row: i, Col: -1}
			}
		}
	}
	if alpha != nil {
		p.alpha = append([]float64(nil), alpha...)
	}
	if beta != nil {
		p.beta = append([]float64(nil), beta...)
	}
	p.cvv = p.teacherConst()
	return p, nil
}

// teacherConst returns the W-independent constant ½ Σᵢⱼ βᵢβⱼ f(vᵢ,vⱼ), with
// the cosines from the upper triangle of V̂V̂ᵀ (Syrk when it is large enough
// for BLAS to pay).
func (p *Problem) teacherConst() float64 {
	m, d := p.m, p.d
	g := make([]float64, m*m)
	if m*m*d < smallWork {
		for i := 0; i < m; i++ {
			for j := i + 1; j < m; j++ {
				g[i*m+j] = dot(p.vhat[i*d:(i+1)*d], p.vhat[j*d:(j+1)*d])
			}
		}
	} else {
		blas64.Syrk(blas.NoTrans, 1, blas64.General{Rows: m, Cols: d, Stride: d, Data: p.vhat}, 0,
			blas64.Symmetric{Uplo: blas.Upper, N: m, Stride: m, Data: g})
	}
	var s float64
	for i := 0; i < m; i++ {
		bi := p.betaAt(i)
		s += bi * bi * p.nv[i] * p.nv[i] * math.Pi // f(v,v)·2π = π‖v‖²
		for j := i + 1; j < m; j++ {
			if p.nv[i] == 0 || p.nv[j] == 0 {
				continue
			}
			a, b := p.vhat[i*d:(i+1)*d], p.vhat[j*d:(j+1)*d]
			c := clamp1(g[i*m+j])
			th, sn := angle(c, a, b)
			s += 2 * bi * p.betaAt(j) * p.nv[i] * p.nv[j] * (sn + (math.Pi-th)*c)
		}
	}
	return s / (4 * math.Pi)
}

// Dims returns the teacher's shape m×d.
func (p *Problem) Dims() (m, d int) { return p.m, p.d }

// Alpha returns a copy of the student output weights (nil means all ones).
func (p *Problem) Alpha() []float64 { return append([]float64(nil), p.alpha...) }

// Beta returns a copy of the teacher output weights (nil means all ones).
func (p *Problem) Beta() []float64 { return append([]float64(nil), p.beta...) }

func (p *Problem) alphaAt(i int) float64 {
	if p.alpha == nil {
		return 1
	}
	return p.alpha[i]
}

func (p *Problem) betaAt(i int) float64 {
	if p.beta == nil {
		return 1
	}
	return p.beta[i]
}

// Loss returns F(W). See Workspace.Loss for the errors.
func (p *Problem) Loss(W mat.Matrix) (float64, error) {
	k, _ := W.Dims()
	return NewWorkspace(p, k).Loss(W)
}

// LossGrad returns F(W) and stores ∇F(W) in grad. See Workspace.LossGrad.
func (p *Problem) LossGrad(grad *mat.Dense, W mat.Matrix) (float64, error) {
	k, _ := W.Dims()
	return NewWorkspace(p, k).LossGrad(grad, W)
}

// Gradient stores ∇F(W) in dst. See Workspace.Gradient.
func (p *Problem) Gradient(dst *mat.Dense, W mat.Matrix) error {
	k, _ := W.Dims()
	return NewWorkspace(p, k).Gradient(dst, W)
}

// Hessian stores ∇²F(W) in dst. See Workspace.Hessian.
func (p *Problem) Hessian(dst *mat.SymDense, W mat.Matrix) error {
	k, _ := W.Dims()
	return NewWorkspace(p, k).Hessian(dst, W)
}

// HessVec stores ∇²F(W)·x in dst. See Workspace.HessVec.
func (p *Problem) HessVec(dst []float64, W mat.Matrix, x []float64) error {
	k, _ := W.Dims()
	return NewWorkspace(p, k).HessVec(dst, W, x)
}

// Workspace evaluates a Problem for student weights of a fixed shape k×d
// without allocating: the pairwise Gram products ŴŴᵀ and ŴV̂ᵀ of the unit rows
// (BLAS-3, or the fused kernels of Loss, LossGrad and Gradient on CPUs with
// AVX-512), the angles, and the buffers of the Hessian are kept between
// calls. A Workspace is not safe for concurrent use; use one per goroutine.
// From k(k+m)d = 2¹⁹ the fused kernels share each call among up to
// GOMAXPROCS goroutines; the helper goroutines wait about 200 µs for the next
// call and then return, so a Workspace no longer used holds none.
type Workspace struct {
	p       *Problem
	k, m, d int
	km      int // k + m, the row stride of the pairwise matrices

	nw    []float64 // ‖wᵢ‖
	u     []float64 // (k+m)×d unit rows: Ŵ, then V̂
	omega []float64 // k+m signed weights: αⱼ‖wⱼ‖, then −βₗ‖vₗ‖
	cs    []float64 // k×(k+m) cosines of wᵢ with wⱼ (j < k) and v_{j−k}
	th    []float64 // k×(k+m) angles (Hessian); kernel values Kᵢⱼ (loss)
	sn    []float64 // k×(k+m) sines
	coef  []float64 // k×(k+m) gradient coefficients
	rho   []float64 // k partial radial coefficients ρ⁺ᵢ
	lrow  []float64 // k per-row sums of the loss over the teachers

	wantLoss bool // whether gradRows stores the kernel values for the loss

	// Hessian and Hessian-vector product scratch, allocated on first use.
	hr, hd []float64 // (k+m)×d rank-update factors
	mm     []float64 // k×(k+m): ŴXᵀ, then XV̂ᵀ
	aw     []float64 // k×(k+m) coefficients of Ŵ and V̂
	px     []float64 // k×k coefficients of X
	b      []float64 // k

	// The fused path (kernel.go), allocated on first use.
	fsmall      bool          // k(k+m)d < fusedParallel: one thread, Ûᵀ in ut
	ut          []float64     // d×(k+m): Ûᵀ (fsmall)
	wt          []float64     // Ŵᵀ by blocks of fusedChunk rows: d×fusedChunk each
	vt          []float64     // d×m: V̂ᵀ (not fsmall)
	fidx        []int64       // k×(k+m): the pairs of each row left to kahanAngle
	ssrow       []float64     // k: ‖∇_{wᵢ}F‖²
	gscale      []float64     // k: αᵢ/(2π)
	fbig        bool          // (k+m)·d > fusedMaxB: Gram and gradient by BLAS
	psum        []pairSums    // k: the pair kernel's sums
	fgrad       []float64     // the gradient's destination (nil: loss only)
	fds         int           // its row stride
	fwantLoss   bool          // whether the loss is wanted
	next        atomic.Int64  // the next chunk of rows
	pending     atomic.Int64  // the chunks not yet completed
	pendingGram atomic.Int64  // the Gram chunks not yet completed
	ngram       int           // the number of Gram chunks (0 if fbig; set once)
	serialCalls int           // the calls left to run on one thread (runChunks)
	slowCalls   int           // parallel calls in a row slower than tSerial
	tSerial     time.Duration // the last call on one thread (timeCall)
	helpers     atomic.Int64  // the helper goroutines running
	fdone       chan struct{} // a worker completed the last chunk
}

// parallelPairs is the number of pairs k·(k+m) from which the elementwise
// work (angles, coefficients) is split over GOMAXPROCS goroutines. Below it
// the goroutine wake-ups cost more than they save: on a 2-core VM, k = d = 100
// (2·10⁴ pairs) took 350 µs split and 255 µs serial.
const parallelPairs = 1 << 16

// NewWorkspace returns a workspace for p and student width k. It panics if
// k ≤ 0 or if p has output weights alpha with len(alpha) ≠ k.
func NewWorkspace(p *Problem, k int) *Workspace {
	if k <= 0 {
		panic("landscape: non-positive student width")
	}
	if p.alpha != nil && len(p.alpha) != k {
		panic("landscape: student width differs from len(alpha)")
	}
	m, d := p.m, p.d
	km := k + m
	ws := &Workspace{
		p: p, k: k, m: m, d: d, km: km,
		nw:    make([]float64, k),
		u:     make([]float64, km*d),
		omega: make([]float64, km),
		cs:    make([]float64, k*km),
		th:    make([]float64, k*km),
		sn:    make([]float64, k*km),
		coef:  make([]float64, k*km),
		rho:   make([]float64, k),
		lrow:  make([]float64, k),
	}
	copy(ws.u[k*d:], p.vhat)
	for l := 0; l < m; l++ {
		ws.omega[k+l] = -p.betaAt(l) * p.nv[l]
	}
	return ws
}

// rowsParallel calls f(lo, hi) on a partition of the rows 0…k−1, on
// several goroutines when the pairwise work is large. Row i of the
// triangular loops costs about (k − i) + m pairs, so the blocks are cut at
// equal cumulative cost. Results never depend on the partition: each row's
// outputs are computed by one call, in a fixed order.
func (ws *Workspace) rowsParallel(op rowOp) {
	k, m := ws.k, ws.m
	nw := runtime.GOMAXPROCS(0)
	if k*ws.km < parallelPairs || nw == 1 || k < 2*nw {
		ws.rows(op, 0, k)
		return
	}
	total := float64(k*(k+1)/2 + k*m)
	var wg sync.WaitGroup
	lo := 0
	var acc float64
	for w := 1; w <= nw; w++ {
		hi := k
		if w < nw {
			target := total * float64(w) / float64(nw)
			hi = lo
			for hi < k && acc < target {
				acc += float64(k-hi) + float64(m)
				hi++
			}
		}
		if hi > lo {
			wg.Add(1)
			go func(lo, hi int) {
				defer wg.Done()
				ws.rows(op, lo, hi)
			}(lo, hi)
		}
		lo = hi
	}
	wg.Wait()
}

// rowOp names the row-wise passes run by rowsParallel (a switch rather
// than closures, so that the serial path does not allocate).
type rowOp int

const (
	opAngles rowOp = iota
	opGrad
	opHessVec
)

func (ws *Workspace) rows(op rowOp, lo, hi int) {
	switch op {
	case opAngles:
		ws.anglesRows(lo, hi)
	case opGrad:
		ws.gradRows(lo, hi)
	case opHessVec:
		ws.hessVecRows(lo, hi)
	}
}

// load computes the norms and unit rows of W, the Gram matrices of the unit
// rows and all pairwise cosines, angles and sines (for the Hessian).
func (ws *Workspace) load(W mat.Matrix) error {
	if err := ws.prepare(W); err != nil {
		return err
	}
	ws.rowsParallel(opAngles)
	return nil
}

// prepare computes the norms and unit rows of W and the cosines of each
// student with the students after it and with all teachers (the upper
// triangle of ŴŴᵀ and ŴV̂ᵀ, in cs).
func (ws *Workspace) prepare(W mat.Matrix) error {
	if err := ws.loadRows(W, false); err != nil {
		return err
	}
	ws.gram()
	return nil
}

// loadRows copies W into the first k rows of u, normalized, and sets the
// norms nw and the weights ω of the students; with transpose also into ut
// or the blocks of wt (the fused path).
func (ws *Workspace) loadRows(W mat.Matrix, transpose bool) error {
	k, d := W.Dims()
	if k != ws.k || d != ws.d {
		panic(mat.ErrShape)
	}
	if dw, ok := W.(*mat.Dense); ok {
		raw := dw.RawMatrix()
		for i := 0; i < k; i++ {
			copy(ws.u[i*d:(i+1)*d], raw.Data[i*raw.Stride:i*raw.Stride+d])
		}
	} else {
		for i := 0; i < k; i++ {
			for j := 0; j < d; j++ {
				ws.u[i*d+j] = W.At(i, j)
			}
		}
	}
	for i := 0; i < k; i++ {
		row := ws.u[i*d : (i+1)*d]
		n := rowNorm(row)
		if math.IsNaN(n) || math.IsInf(n, 0) {
			for j, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return &NotFiniteError{What: "W", Row: i, Col: j}
				}
			}
			return &NotFiniteError{What: "norm of W", Row: i, Col: -1}
		}
		if n == 0 {
			return &ZeroNeuronError{Row: i}
		}
		ws.nw[i] = n
		ws.omega[i] = ws.p.alphaAt(i) * n
		inv := 1 / n
		if math.IsInf(inv, 0) {
			for j := range row {
				row[j] /= n
			}
		} else {
			for j := range row {
				row[j] *= inv
			}
		}
		switch {
		case transpose && ws.fsmall:
			ut := ws.ut[i:]
			for j, v := range row {
				ut[j*ws.km] = v
			}
		case transpose:
			// Ŵᵀ by blocks of fusedChunk rows, as normRows writes it.
			wt := ws.wt[i/fusedChunk*fusedChunk*d+i%fusedChunk:]
			for j, v := range row {
				wt[j*fusedChunk] = v
			}
		}
	}
	return nil
}

// gram stores in cs the entries of Ŵ[Ŵ;V̂]ᵀ above the diagonal, the only ones
// the row passes read.
func (ws *Workspace) gram() {
	k, km, d := ws.k, ws.km, ws.d
	if k*km*d < smallWork {
		for i := 0; i < k; i++ {
			ui := ws.u[i*d : (i+1)*d]
			row := ws.cs[i*km : (i+1)*km]
			for j := i + 1; j < km; j++ {
				row[j] = dot(ui, ws.u[j*d:(j+1)*d])
			}
		}
		return
	}
	what := blas64.General{Rows: k, Cols: d, Stride: d, Data: ws.u[:k*d]}
	if k < syrkMin {
		// One GEMM gives both blocks; below syrkMin it is faster than a
		// rank-d update of the upper triangle plus a k×m GEMM.
		gemm(blas.Trans, what, blas64.General{Rows: km, Cols: d, Stride: d, Data: ws.u}, ws.cs, km)
		return
	}
	// The symmetric rank-d update ŴŴᵀ (upper triangle only, half the flops
	// of the GEMM) and the k×m GEMM ŴV̂ᵀ.
	blas64.Syrk(blas.NoTrans, 1, what, 0, blas64.Symmetric{Uplo: blas.Upper, N: k, Stride: km, Data: ws.cs})
	gemm(blas.Trans, what, blas64.General{Rows: ws.m, Cols: d, Stride: d, Data: ws.u[k*d:]}, ws.cs[k:], km)
}

// syrkMin is the student width from which gram computes ŴŴᵀ by Syrk: at
// k = 100 linalg's Dsyrk is slower than the GEMM of twice the flops, at
// k = 500 it is about twice as fast (BenchmarkPopGrad).
const syrkMin = 256

// gemm stores C = A·op(B) in c (row stride ldc).
func gemm(tB blas.Transpose, a, b blas64.General, c []float64, ldc int) {
	n := b.Rows
	if tB == blas.NoTrans {
		n = b.Cols
	}
	blas64.Gemm(blas.NoTrans, tB, 1, a, b, 0, blas64.General{Rows: a.Rows, Cols: n, Stride: ldc, Data: c})
}

// anglesRows computes the angles of rows lo…hi−1 with the students after
// them (mirrored into the rows below) and with all teachers.
func (ws *Workspace) anglesRows(lo, hi int) {
	k, km, d := ws.k, ws.km, ws.d
	cs, th, sn, u := ws.cs, ws.th, ws.sn, ws.u
	for i := lo; i < hi; i++ {
		ii := i*km + i
		cs[ii], th[ii], sn[ii] = 1, 0, 0
		ui := u[i*d : (i+1)*d]
		for j := i + 1; j < km; j++ {
			c := clamp1(cs[i*km+j])
			t, s := angle(c, ui, u[j*d:(j+1)*d])
			cs[i*km+j], th[i*km+j], sn[i*km+j] = c, t, s
			if j < k {
				cs[j*km+i], th[j*km+i], sn[j*km+i] = c, t, s
			}
		}
	}
}

// gradRows is the fused pass of LossGrad and Gradient over rows lo…hi−1:
// for each pair of student i with a student j > i or a teacher it computes
// the angle once and stores the gradient coefficients ωⱼ(π − θᵢⱼ) in
// coef[i,j] and, for students, ωᵢ(π − θᵢⱼ) in coef[j,i] and sin θᵢⱼ in
// sn[j,i]; it sums ρ⁺ᵢ = Σ_{j>i} ωⱼ sin θᵢⱼ into rho[i]. For the loss
// (ws.wantLoss) it stores the kernel values Kᵢⱼ = sin θ + (π − θ)cos θ of the
// student pairs in th[i,j] and th[j,i] and sums Σₗ ωₗKᵢₗ over the teachers
// into lrow[i].
func (ws *Workspace) gradRows(lo, hi int) {
	k, km, d := ws.k, ws.km, ws.d
	cs, sn, kv, cf, u, om := ws.cs, ws.sn, ws.th, ws.coef, ws.u, ws.omega
	loss := ws.wantLoss
	for i := lo; i < hi; i++ {
		ui := u[i*d : (i+1)*d]
		oi := om[i]
		row := cs[i*km : (i+1)*km]
		crow := cf[i*km : (i+1)*km]
		var r, l float64
		// The angles and sines of the row, at once (vectorized where the
		// CPU allows), into the row's own upper parts of th and sn: only
		// this call writes or reads them here, and kv[i,j] below is written
		// after t is read.
		trow, srow := kv[i*km:(i+1)*km], sn[i*km:(i+1)*km]
		acosSqrt(row[i+1:], trow[i+1:], srow[i+1:])
		for j := i + 1; j < km; j++ {
			c := row[j]
			var t, s float64
			if math.Abs(c) <= kahanCos {
				t, s = trow[j], srow[j]
			} else {
				c = clamp1(c)
				t, s = kahanAngle(ui, u[j*d:(j+1)*d])
			}
			p := math.Pi - t
			w := om[j]
			crow[j] = w * p
			r += w * s
			if j < k {
				cf[j*km+i] = oi * p
				sn[j*km+i] = s
				if loss {
					kv[i*km+j] = s + p*c
					kv[j*km+i] = s + p*c
				}
			} else if loss {
				l += w * (s + p*c)
			}
		}
		crow[i] = 0
		ws.rho[i] = r
		ws.lrow[i] = l
	}
}

// lossGrad runs the fused pass at the prepared point and returns F if
// wantLoss (else 0). Each row's sum is formed in the order of the teacher's
// (students j = 0…k−1, then teachers), so that at W = V the two cancel
// exactly and F = 0.
func (ws *Workspace) lossGrad(wantLoss bool) float64 {
	ws.wantLoss = wantLoss
	ws.rowsParallel(opGrad)
	if !wantLoss {
		return 0
	}
	k, km := ws.k, ws.km
	var f float64
	for i := 0; i < k; i++ {
		kv := ws.th[i*km : i*km+k]
		kv[i] = math.Pi // f(w,w)·2π/‖w‖² (θ = 0)
		var sw float64
		for j, w := range ws.omega[:k] {
			sw += w * kv[j]
		}
		f += ws.omega[i] * (sw/2 + ws.lrow[i])
	}
	return f/(2*math.Pi) + ws.p.cvv
}

// gradTo stores ∇F in dst (k×d, row stride ds) after lossGrad and returns
// ‖∇F‖²_F, which is NaN or ±Inf if an entry is: G = diag(αᵢ/2π)(C·U + diag(ρ + πω)·Ŵ)
// with the coefficients C of gradRows (zero diagonal) and U = [Ŵ; V̂].
func (ws *Workspace) gradTo(dst []float64, ds int) float64 {
	k, km, d := ws.k, ws.km, ws.d
	if k*km*d < smallWork {
		for i := 0; i < k; i++ {
			row := dst[i*ds : i*ds+d]
			clear(row)
			for j, c := range ws.coef[i*km : (i+1)*km] {
				axpy(row, c, ws.u[j*d:(j+1)*d])
			}
		}
	} else {
		gemm(blas.NoTrans, blas64.General{Rows: k, Cols: km, Stride: km, Data: ws.coef},
			blas64.General{Rows: km, Cols: d, Stride: d, Data: ws.u}, dst, ds)
	}
	var ss float64
	for i := 0; i < k; i++ {
		// ρᵢ = ρ⁺ᵢ + Σ_{j<i} ωⱼ sin θᵢⱼ multiplies w̄ᵢ, and so does the
		// self term ωᵢπ (g(w,w) = w/2).
		r := ws.rho[i]
		for j, s := range ws.sn[i*km : i*km+i] {
			r += ws.omega[j] * s
		}
		r += math.Pi * ws.omega[i]
		s := ws.p.alphaAt(i) / (2 * math.Pi)
		row := dst[i*ds : i*ds+d]
		for j, w := range ws.u[i*d : (i+1)*d] {
			v := s * (row[j] + r*w)
			row[j] = v
			ss += v * v
		}
	}
	return ss
}

func (ws *Workspace) prepGrad(dst *mat.Dense) ([]float64, int) {
	if dst.IsEmpty() {
		dst.ReuseAs(ws.k, ws.d)
	}
	r, c := dst.Dims()
	if r != ws.k || c != ws.d {
		panic(mat.ErrShape)
	}
	raw := dst.RawMatrix()
	return raw.Data, raw.Stride
}

// Loss returns F(W) for the k×d student weights W. It returns an error
// wrapping ErrZeroNeuron (a *ZeroNeuronError) if a row of W is zero, and one
// wrapping ErrNotFinite if W holds a NaN or ±Inf or F overflows. It panics if
// W is not k×d.
func (ws *Workspace) Loss(W mat.Matrix) (float64, error) {
	f, _, err := ws.eval(W, true, nil, 0)
	if err != nil {
		return 0, err
	}
	return f, nil
}

// LossGrad returns F(W) and stores ∇F(W) in grad, sharing the pairwise work:
//
//	∇_{wᵢ}F = αᵢ/(2π) [ ρᵢ w̄ᵢ + Σⱼ αⱼ(π − θ(wᵢ,wⱼ)) wⱼ − Σⱼ βⱼ(π − θ(wᵢ,vⱼ)) vⱼ ],
//	ρᵢ = Σ_{j≠i} αⱼ‖wⱼ‖ sin θ(wᵢ,wⱼ) − Σⱼ βⱼ‖vⱼ‖ sin θ(wᵢ,vⱼ).
//
// If grad is empty it is resized to k×d; otherwise it must be k×d. grad must
// not alias W. On error grad is unspecified. The errors and panics are those of
// Loss, plus a panic if grad has the wrong shape.
func (ws *Workspace) LossGrad(grad *mat.Dense, W mat.Matrix) (float64, error) {
	data, stride := ws.prepGrad(grad)
	f, _, err := ws.eval(W, true, data, stride)
	if err != nil {
		return 0, err
	}
	return f, nil
}

// Gradient stores ∇F(W) in dst (k×d; resized if empty). It is LossGrad
// without the loss sums; see LossGrad for the formula, errors and panics.
func (ws *Workspace) Gradient(dst *mat.Dense, W mat.Matrix) error {
	data, stride := ws.prepGrad(dst)
	_, _, err := ws.eval(W, false, data, stride)
	return err
}

// eval computes F (if wantLoss) and, if grad is non-nil, ∇F into grad (row
// stride ds) with ‖∇F‖²_F, by the fused path where the workspace has it and
// by the reference path otherwise; the errors are those of LossGrad.
func (ws *Workspace) eval(W mat.Matrix, wantLoss bool, grad []float64, ds int) (f, ss float64, err error) {
	if ws.fused() {
		ws.fusedInit()
		if f, ss, err = ws.fusedEval(W, wantLoss, grad, ds); err != nil {
			return 0, 0, err
		}
	} else {
		if err := ws.prepare(W); err != nil {
			return 0, 0, err
		}
		f = ws.lossGrad(wantLoss)
		if grad != nil {
			ss = ws.gradTo(grad, ds)
		}
	}
	if wantLoss && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, 0, &NotFiniteError{What: "loss", Row: -1, Col: -1}
	}
	if grad != nil && (math.IsNaN(ss) || math.IsInf(ss, 0)) {
		if err := checkFinite("gradient", grad, ds, ws.k, ws.d); err != nil {
			return 0, 0, err
		}
		return 0, 0, &NotFiniteError{What: "gradient norm", Row: -1, Col: -1}
	}
	return f, ss, nil
}

// gradientNorm is Gradient returning ‖∇F‖_F, for the optimizers.
func (ws *Workspace) gradientNorm(dst *mat.Dense, W mat.Matrix) (float64, error) {
	data, stride := ws.prepGrad(dst)
	_, ss, err := ws.eval(W, false, data, stride)
	return math.Sqrt(ss), err
}

func checkFinite(what string, data []float64, stride, r, c int) error {
	for i := 0; i < r; i++ {
		for j, v := range data[i*stride : i*stride+c] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &NotFiniteError{What: what, Row: i, Col: j}
			}
		}
	}
	return nil
}

// angle returns θ = ∠(a, b) ∈ [0, π] and sin θ for unit vectors a and b with
// clamped cosine c = a·b. For |c| ≤ kahanCos it uses arccos and √(1−c²);
// closer to ±1 it uses kahanAngle. Zero vectors (zero teacher rows) give
// θ = π/2, sin θ = 1; their terms carry a factor ‖v‖ = 0.
func angle(c float64, a, b []float64) (theta, sin float64) {
	if math.Abs(c) <= kahanCos {
		return acos(c), math.Sqrt(1 - c*c)
	}
	return kahanAngle(a, b)
}

// kahanAngle returns θ = 2·atan2(‖a − b‖, ‖a + b‖) and sin θ for unit
// vectors a, b: accurate to a few ulps for all angles (Kahan), where
// arccos(a·b) loses half the digits near 0 and π.
func kahanAngle(a, b []float64) (theta, sin float64) {
	var dm, dp float64
	for i, x := range a {
		y := b[i]
		dm += (x - y) * (x - y)
		dp += (x + y) * (x + y)
	}
	// For unit vectors ‖a − b‖ = 2 sin(θ/2) and ‖a + b‖ = 2 cos(θ/2), so
	// sin θ = ‖a − b‖‖a + b‖/2 (exact up to rounding of the unit vectors).
	sm, sp := math.Sqrt(dm), math.Sqrt(dp)
	sin = sm * sp / 2
	switch {
	case sm <= 0.5*sp:
		// θ/2 = asin(‖a − b‖/2) ≤ atan ½, in asinSmall's range |y| ≤ ½;
		// cheaper than Atan2 (the parallel pairs of GD near a minimum).
		return 2 * asinSmall(sm/2), sin
	case sp <= 0.5*sm:
		return math.Pi - 2*asinSmall(sp/2), sin
	}
	return 2 * math.Atan2(sm, sp), sin
}

func clamp1(c float64) float64 {
	if c > 1 {
		return 1
	}
	if c < -1 {
		return -1
	}
	return c
}

// smallWork is the size k·(k+m)·d of the products below which the
// workspace uses plain loops instead of BLAS calls, whose fixed overhead
// dominates there (linalg hands products below 16³ to gonum's loops, which
// call an assembly dot or axpy per row).
const smallWork = 4096

// axpy computes y += a·x.
func axpy(y []float64, a float64, x []float64) {
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}

// sumSquares returns Σ xᵢ² in four partial sums (they overlap in the
// pipeline: a row of W is short, and its norm is on the path of every step).
func sumSquares(x []float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		y := x[i : i+4 : i+4]
		s0 += y[0] * y[0]
		s1 += y[1] * y[1]
		s2 += y[2] * y[2]
		s3 += y[3] * y[3]
	}
	for _, v := range x[i:] {
		s0 += v * v
	}
	return (s0 + s1) + (s2 + s3)
}

func dot(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

// rowNorm returns ‖x‖₂, by the plain sum of squares when it neither
// underflows nor overflows and by the scaled BLAS Nrm2 otherwise.
func rowNorm(x []float64) float64 {
	s := sumSquares(x)
	if s > 1e-290 && s < 1e290 {
		return math.Sqrt(s)
	}
	return blas64.Nrm2(blas64.Vector{N: len(x), Inc: 1, Data: x})
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

package landscape

import (
	"math"

	"golang.org/x/sys/cpu"
)

// mulRows8AVX512 is mulRowsGo on 8 rows (k ≥ 1, n ≥ 1), with AVX-512.
//
//go:noescape
func mulRows8AVX512(n, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)

// mulRows4AVX512 is mulRowsGo on 4 rows (k ≥ 1, n ≥ 1), with AVX-512.
//
//go:noescape
func mulRows4AVX512(n, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)

// mulRow1AVX512 is mulRowsGo on 1 row (k ≥ 1, n ≥ 1), with AVX-512.
//
//go:noescape
func mulRow1AVX512(n, k int, a *float64, b *float64, ldb int, c *float64)

// pairRowsAVX512 is pairRowsGo on rows ≥ 1 rows, with AVX-512.
//
//go:noescape
func pairRowsAVX512(c, om, coef *float64, ld, rows, n1, n2 int, idx *int64, k *[40]uint64, out *pairSums, loss int)

// normRowsAVX512 is normRowsGo on rows ≥ 1 rows of d ≥ 1 entries, with
// AVX-512.
//
//go:noescape
func normRowsAVX512(w *float64, ldw, rows, d int, u, ut *float64, ldt int, nw *float64)

// finishRowsAVX512 is finishRowsGo on rows ≥ 1 rows of d ≥ 1 entries, with
// AVX-512.
//
//go:noescape
func finishRowsAVX512(gr *float64, ldg, rows, d int, u *float64, r, s, ss *float64)

// pairConsts are the constants of the pair kernel: 1, ½, π, π/2, (unused),
// kahanCos, the mask of all but the sign bit, 8, the lane numbers 0…7,
// asinR and cosC.
var pairConsts = func() (k [40]uint64) {
	for i, v := range []float64{1, 0.5, math.Pi, math.Pi / 2, 0, kahanCos} {
		k[i] = math.Float64bits(v)
	}
	k[6] = 1<<63 - 1
	k[7] = 8
	for i := range 8 {
		k[8+i] = uint64(i)
	}
	for i, v := range asinR {
		k[16+i] = math.Float64bits(v)
	}
	for i, v := range cosC {
		k[29+i] = math.Float64bits(v)
	}
	return k
}()

func init() {
	// The kernels use AVX-512F throughout, AVX512DQ (VPMOVQ2M, VPMULLQ),
	// AVX512BW (32-bit opmasks: KMOVD, KSHIFTRD), BMI2 (SHLXQ) and POPCNT;
	// no AVX512VL (every EVEX instruction is on ZMM registers). x/sys/cpu
	// sets the AVX-512 flags only when the OS saves the opmask and ZMM state.
	x := &cpu.X86
	if !x.HasAVX512F || !x.HasAVX512DQ || !x.HasAVX512BW || !x.HasBMI2 || !x.HasPOPCNT {
		return
	}
	mulRowsAsm = mulRowsAVX512
	pairRowsAsm = pairRowsAVX512Checked
	normRowsAsm = normRowsAVX512Checked
	finishRowsAsm = finishRowsAVX512Checked
}

func finishRowsAVX512Checked(g []float64, ldg, rows, d int, u, r, s, ss []float64) {
	if rows == 0 || d == 0 {
		clear(ss[:rows])
		return
	}
	// Bounds for the assembly.
	_, _, _, _, _ = g[(rows-1)*ldg+d-1], u[rows*d-1], r[rows-1], s[rows-1], ss[rows-1]
	finishRowsAVX512(&g[0], ldg, rows, d, &u[0], &r[0], &s[0], &ss[0])
}

func normRowsAVX512Checked(w []float64, ldw, rows, d int, u, ut []float64, ldt int, nw []float64) {
	if rows == 0 || d == 0 {
		clear(nw[:rows]) // The norms of empty rows.
		return
	}
	// Bounds for the assembly.
	_, _, _, _ = w[(rows-1)*ldw+d-1], u[rows*d-1], ut[(d-1)*ldt+rows-1], nw[rows-1]
	normRowsAVX512(&w[0], ldw, rows, d, &u[0], &ut[0], ldt, &nw[0])
}

// mulRowsAVX512 is mulRowsGo by the AVX-512 kernels.
func mulRowsAVX512(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	// Bounds for the assembly.
	_, _, _ = a[(m-1)*lda+k-1], b[(k-1)*ldb+n-1], c[(m-1)*ldc+n-1]
	i := 0
	for ; i+8 <= m; i += 8 {
		mulRows8AVX512(n, k, &a[i*lda], lda, &b[0], ldb, &c[i*ldc], ldc)
	}
	for ; i+4 <= m; i += 4 {
		mulRows4AVX512(n, k, &a[i*lda], lda, &b[0], ldb, &c[i*ldc], ldc)
	}
	for ; i < m; i++ {
		mulRow1AVX512(n, k, &a[i*lda], &b[0], ldb, &c[i*ldc])
	}
}

func pairRowsAVX512Checked(c []float64, ld int, om, coef []float64, rows, n1 int, idx []int64, out []pairSums, loss bool) {
	n := len(om)
	if rows == 0 || n == 0 {
		clear(out[:rows])
		return
	}
	// Bounds for the assembly.
	last := (rows-1)*ld + n - 1
	_, _, _, _, _ = c[last], coef[last], idx[last], out[rows-1], om[n1:]
	l := 0
	if loss {
		l = 1
	}
	pairRowsAVX512(&c[0], &om[0], &coef[0], ld, rows, n1, n-n1, &idx[0], &pairConsts, &out[0], l)
}

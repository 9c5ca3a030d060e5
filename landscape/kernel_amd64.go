// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

package landscape

import "golang.org/x/sys/cpu"

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

// pairRowAVX512 is pairRowGo on n ≥ 0 entries, with AVX-512.
//
//go:noescape
func pairRowAVX512(c, om, coef *float64, n int, idx *int64, k *[32]uint64) (rho, loss float64, nflag int)

func init() {
	// x/sys/cpu sets these only when the OS saves the opmask and ZMM state.
	if !cpu.X86.HasAVX512F || !cpu.X86.HasAVX512DQ || !cpu.X86.HasAVX512BW || !cpu.X86.HasBMI2 {
		return
	}
	mulRowsAsm = mulRowsAVX512
	pairRowAsm = pairRowAVX512Checked
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

func pairRowAVX512Checked(c, om, coef []float64, idx []int64) (rho, loss float64, nflag int) {
	n := len(c)
	if n == 0 {
		return 0, 0, 0
	}
	_, _, _ = om[n-1], coef[n-1], idx[n-1] // Bounds for the assembly.
	return pairRowAVX512(&c[0], &om[0], &coef[0], n, &idx[0], &pairConsts)
}

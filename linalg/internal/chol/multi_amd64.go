// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

package chol

import "golang.org/x/sys/cpu"

// updT8AVX512 is updT for eight rows and eight columns (AVX-512F).
//
//go:noescape
func updT8AVX512(k int, u *float64, ldu int, y *float64, x *float64, ldx int)

// dot8AVX512 is dot for eight rows and eight columns (AVX-512F).
//
//go:noescape
func dot8AVX512(k int, u *float64, ldu int, x *float64, ldx int, acc *float64)

func init() {
	// x/sys/cpu sets HasAVX512F only when the OS saves the ZMM state.
	if !cpu.X86.HasAVX512F {
		return
	}
	updT8 = func(k int, u []float64, ldu int, y, x []float64, ldx int) {
		_, _, _ = u[7*ldu+k-1], y[7*ldx+7], x[(k-1)*ldx+7] // Bounds for the assembly.
		updT8AVX512(k, &u[0], ldu, &y[0], &x[0], ldx)
	}
	dot8 = func(k int, u []float64, ldu int, x []float64, ldx int, acc *[64]float64) {
		_, _ = u[7*ldu+k-1], x[(k-1)*ldx+7] // Bounds for the assembly.
		dot8AVX512(k, &u[0], ldu, &x[0], ldx, &acc[0])
	}
}

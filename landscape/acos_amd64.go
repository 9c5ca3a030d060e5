// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

package landscape

import (
	"math"

	"golang.org/x/sys/cpu"
)

// acosSqrtAVX2 is acosSqrt on n elements, n a multiple of 4, with AVX2.
//
//go:noescape
func acosSqrtAVX2(c, t, s *float64, n int, k *[18]float64)

// acosSqrtAVX512 is acosSqrt on n elements, n a multiple of 8, with AVX-512F.
//
//go:noescape
func acosSqrtAVX512(c, t, s *float64, n int, k *[18]float64)

// acosConsts are the constants of acosSqrtAVX2: 1, ½, π, π/2, −0, asinR.
var acosConsts = func() (k [18]float64) {
	k[0], k[1], k[2], k[3], k[4] = 1, 0.5, math.Pi, math.Pi/2, math.Copysign(0, -1)
	copy(k[5:], asinR[:])
	return k
}()

func init() {
	// x/sys/cpu sets these only when the OS saves the YMM (and, for
	// AVX-512, the opmask and ZMM) state.
	if !cpu.X86.HasAVX2 {
		return
	}
	avx2 := func(c, t, s []float64) int {
		n := len(c)
		if n < 4 {
			return 0
		}
		_, _ = t[n-1], s[n-1] // Bounds for the assembly.
		acosSqrtAVX2(&c[0], &t[0], &s[0], n&^3, &acosConsts)
		if r := n & 3; r != 0 {
			// The last 4 again, overlapping: the same values.
			acosSqrtAVX2(&c[n-4], &t[n-4], &s[n-4], 4, &acosConsts)
		}
		return n
	}
	acosSqrtVecs = append(acosSqrtVecs, avx2)
	acosSqrtVec = avx2
	if !cpu.X86.HasAVX512F {
		return
	}
	avx512 := func(c, t, s []float64) int {
		n := len(c)
		if n < 8 {
			return avx2(c, t, s)
		}
		_, _ = t[n-1], s[n-1] // Bounds for the assembly.
		acosSqrtAVX512(&c[0], &t[0], &s[0], n&^7, &acosConsts)
		if r := n & 7; r != 0 {
			// The last 8 again, overlapping: the same values.
			acosSqrtAVX512(&c[n-8], &t[n-8], &s[n-8], 8, &acosConsts)
		}
		return n
	}
	acosSqrtVecs = append(acosSqrtVecs, avx512)
	acosSqrtVec = avx512
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// kernel6x8 is the AVX2+FMA micro-kernel for mr = 6, nr = 8.
//
//go:noescape
func kernel6x8(k int, a, b, c *float64, ldc int, alpha float64)

// kernel8x24 is the AVX-512F micro-kernel for mr = 8, nr = 24.
//
//go:noescape
func kernel8x24(k int, a, b, c *float64, ldc int, alpha float64)

// axpyDotAVX2 is axpyDot for AVX2+FMA.
//
//go:noescape
func axpyDotAVX2(a, x, y *float64, n int, s float64) (dot float64)

// axpyDotAVX512 is axpyDot for AVX-512F.
//
//go:noescape
func axpyDotAVX512(a, x, y *float64, n int, s float64) (dot float64)

// axpyDot4AVX512 is axpyDot4 for AVX-512F.
//
//go:noescape
func axpyDot4AVX512(a0, a1, a2, a3, x, y *float64, n int, s, d *[4]float64)

func init() {
	// x/sys/cpu sets these only when the OS saves the YMM (and, for
	// AVX-512, the opmask and ZMM) state.
	if !cpu.X86.HasFMA {
		return
	}
	if cpu.X86.HasAVX2 {
		axpyDots = append(axpyDots, func(a, x, y []float64, s float64) float64 {
			if len(a) == 0 {
				return 0
			}
			_, _ = x[len(a)-1], y[len(a)-1] // Bounds for the assembly.
			return axpyDotAVX2(&a[0], &x[0], &y[0], len(a), s)
		})
		kernels = append(kernels, kernelInfo{"avx2", 6, 8, func(k int, a, b, c []float64, ldc int, alpha float64) {
			_, _, _ = a[6*k-1], b[8*k-1], c[5*ldc+7] // Bounds for the assembly.
			kernel6x8(k, &a[0], &b[0], &c[0], ldc, alpha)
		}})
	}
	if cpu.X86.HasAVX512F {
		axpyDots = append(axpyDots, func(a, x, y []float64, s float64) float64 {
			if len(a) == 0 {
				return 0
			}
			_, _ = x[len(a)-1], y[len(a)-1] // Bounds for the assembly.
			return axpyDotAVX512(&a[0], &x[0], &y[0], len(a), s)
		})
		axpyDot4 = func(a0, a1, a2, a3, x, y []float64, s *[4]float64) (d [4]float64) {
			n := len(x)
			if n == 0 {
				return d
			}
			_, _, _, _, _ = a0[n-1], a1[n-1], a2[n-1], a3[n-1], y[n-1] // Bounds for the assembly.
			axpyDot4AVX512(&a0[0], &a1[0], &a2[0], &a3[0], &x[0], &y[0], n, s, &d)
			return d
		}
		kernels = append(kernels, kernelInfo{"avx512", 8, 24, func(k int, a, b, c []float64, ldc int, alpha float64) {
			_, _, _ = a[8*k-1], b[24*k-1], c[7*ldc+23] // Bounds for the assembly.
			kernel8x24(k, &a[0], &b[0], &c[0], ldc, alpha)
		}})
	}
	use(kernels[len(kernels)-1])
	axpyDot = axpyDots[len(axpyDots)-1]
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// maxAbsTriangle returns the largest |sᵢⱼ| of the stored triangle of s
// (finite, as symEigen's callers check).
func maxAbsTriangle(s blas64.Symmetric) float64 {
	var m0, m1 float64
	for i := range s.N {
		lo, hi := i, s.N
		if s.Uplo == blas.Lower {
			lo, hi = 0, i+1
		}
		row := s.Data[i*s.Stride+lo : i*s.Stride+hi]
		// Plain comparisons: the max builtin's NaN and ±0 rules cost a
		// few ns per entry.
		j := 0
		for ; j+2 <= len(row); j += 2 {
			if a := math.Abs(row[j]); a > m0 {
				m0 = a
			}
			if a := math.Abs(row[j+1]); a > m1 {
				m1 = a
			}
		}
		if j < len(row) {
			if a := math.Abs(row[j]); a > m0 {
				m0 = a
			}
		}
	}
	if m1 > m0 {
		return m1
	}
	return m0
}

// scaleTriangle multiplies the stored triangle of s by f (nothing to do
// for f = 1).
func scaleTriangle(s blas64.Symmetric, f float64) {
	if f == 1 {
		return
	}
	for i := range s.N {
		lo, hi := i, s.N
		if s.Uplo == blas.Lower {
			lo, hi = 0, i+1
		}
		row := s.Data[i*s.Stride+lo : i*s.Stride+hi]
		for j := range row {
			row[j] *= f
		}
	}
}

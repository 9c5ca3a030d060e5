// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Diagonal returns the first toy set of Melamed, Yehudai & Vardi (2023):
// seven points on the diagonal of R²,
//
//	x_i = (t_i, t_i),   t_i = −1 + i/3,   y_i = (−1)^i,   i = 0, …, 6,
//
// so the data lie on the line P = span{(1, 1)} (ℓ = 1) with alternating
// labels. X is 7×2.
func Diagonal() (X *mat.Dense, y []float64) {
	X = mat.NewDense(7, 2, nil)
	y = make([]float64, 7)
	for i := 0; i < 7; i++ {
		t := -1 + float64(i)/3
		X.Set(i, 0, t)
		X.Set(i, 1, t)
		y[i] = 1
		if i%2 == 1 {
			y[i] = -1
		}
	}
	return X, y
}

// DiagonalSubspace returns P = span{(1, 1)/√2} ⊂ R² with complement
// span{(1, −1)/√2}, the subspace of the Diagonal set.
func DiagonalSubspace() *Subspace {
	h := 1 / math.Sqrt2
	return NewSubspace(mat.NewDense(2, 2, []float64{h, h, h, -h}), 1)
}

// ChessboardHeight is the height z of the Chessboard set's plane.
const ChessboardHeight = 0.5

// Chessboard returns the second toy set of Melamed, Yehudai & Vardi (2023):
// the 25 points of a 5×5 grid in the plane z = 0.5 of R³ with chessboard
// labels,
//
//	x = (−1 + i/2, −1 + j/2, 0.5),   y = (−1)^(i+j),   i, j = 0, …, 4,
//
// in row-major order (i slowest). The points lie on the affine plane
// z = 0.5; the linear subspace they span is all of R³, and the direction
// leaving the data is e₃ (see ChessboardSubspace). X is 25×3.
func Chessboard() (X *mat.Dense, y []float64) {
	X = mat.NewDense(25, 3, nil)
	y = make([]float64, 25)
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			r := 5*i + j
			X.Set(r, 0, -1+float64(i)/2)
			X.Set(r, 1, -1+float64(j)/2)
			X.Set(r, 2, ChessboardHeight)
			y[r] = 1
			if (i+j)%2 == 1 {
				y[r] = -1
			}
		}
	}
	return X, y
}

// ChessboardSubspace returns P = span{e₁, e₂} ⊂ R³ with complement
// span{e₃}: the directions within and normal to the Chessboard plane.
func ChessboardSubspace() *Subspace {
	return NewSubspace(mat.NewDense(3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}), 2)
}

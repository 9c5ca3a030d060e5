// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// ErrNotFinite is wrapped by the errors returned for NaN or ±Inf values: a
// teacher's outputs (TeacherLabels) or a matrix to be written (WriteCSV,
// WriteNPY, WriteNPYVector). Readers report non-finite values in a file as
// malformed data (ErrCSV, ErrNPY).
var ErrNotFinite = errors.New("datasets: non-finite value")

// GaussianLabels returns n labels drawn independently from N(0, 1), the
// regression labels of Du et al.'s experiment. It panics if n < 0.
func GaussianLabels(n int, rnd *rand.Rand) []float64 {
	if n < 0 {
		panic("datasets: negative number of labels")
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = rnd.NormFloat64()
	}
	return y
}

// TeacherLabels labels the rows of X by a teacher function computed on the
// whole batch, plus Gaussian noise: y_i = f(x_i) + σ ε_i with ε_i ~ N(0, 1)
// drawn from rnd in row order (rnd is not used when σ = 0 and may then be
// nil). f has the signature of relu.Net.Forward, so a teacher network labels
// data with
//
//	y, err := datasets.TeacherLabels(teacher.Forward, X, 0.1, rnd)
//
// For ±1 labels from a teacher use SignLabels. TeacherLabels returns an
// error wrapping ErrNotFinite naming the row if some f(x_i) is NaN or
// infinite. It panics if σ is
// negative or NaN, or if f returns the wrong number of values.
func TeacherLabels(f func(dst []float64, X mat.Matrix) []float64, X mat.Matrix, sigma float64, rnd *rand.Rand) ([]float64, error) {
	if !(sigma >= 0) {
		panic("datasets: negative or NaN label noise")
	}
	n, _ := X.Dims()
	y := f(nil, X)
	if len(y) != n {
		panic("datasets: teacher returned the wrong number of outputs")
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("datasets: teacher output %v at row %d: %w", v, i, ErrNotFinite)
		}
	}
	if sigma > 0 {
		for i := range y {
			y[i] += sigma * rnd.NormFloat64()
		}
	}
	return y, nil
}

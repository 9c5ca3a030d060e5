// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// The initializers below draw their entries in row-major order from rnd, so a
// seed fixes every bit of the result.

// InitGaussian fills the m×d matrix dst with independent N(0, β²/d) entries,
// the scale-β initialization of Melamed et al. (2023). It panics if β < 0 or
// dst is empty.
func InitGaussian(dst *mat.Dense, beta float64, rnd *rand.Rand) {
	if beta < 0 {
		panic("relu: negative initialization scale")
	}
	_, d := dst.Dims()
	fillNormal(dst, beta/math.Sqrt(float64(d)), rnd)
}

// InitHe fills the m×d matrix dst with independent N(0, 2/m) entries, the He
// initialization used by Zou & Gu (2019). It panics if dst is empty.
func InitHe(dst *mat.Dense, rnd *rand.Rand) {
	m, _ := dst.Dims()
	fillNormal(dst, math.Sqrt(2/float64(m)), rnd)
}

// InitDu fills dst with independent N(0, 1) entries, so each neuron
// w_r ~ N(0, I) as in Du et al. (2019). It panics if dst is empty.
func InitDu(dst *mat.Dense, rnd *rand.Rand) {
	fillNormal(dst, 1, rnd)
}

func fillNormal(dst *mat.Dense, std float64, rnd *rand.Rand) {
	raw := dst.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		for j := range row {
			row[j] = std * rnd.NormFloat64()
		}
	}
}

// InitSigns fills dst with independent entries ±c, each sign with
// probability ½: c = 1 for Du et al.'s fixed output weights, c = 1/√m for
// Melamed et al.'s Unif{±1/√m}. It panics if c < 0.
func InitSigns(dst []float64, c float64, rnd *rand.Rand) {
	if c < 0 {
		panic("relu: negative sign magnitude")
	}
	for i := range dst {
		if rnd.Uint64()&1 == 0 {
			dst[i] = c
		} else {
			dst[i] = -c
		}
	}
}

// NewNTK returns the network of Du et al. (2019) in the NTK parametrization:
// width m, input dimension d, no biases, w_r ~ N(0, I) (InitDu), a_r = ±1
// (InitSigns) and Scale = 1/√m. W is drawn first, then a. It panics if
// m or d is not positive.
func NewNTK(m, d int, rnd *rand.Rand) *Net {
	if m <= 0 || d <= 0 {
		panic("relu: non-positive network size")
	}
	n := &Net{W: mat.NewDense(m, d, nil), A: make([]float64, m), Scale: 1 / math.Sqrt(float64(m))}
	InitDu(n.W, rnd)
	InitSigns(n.A, 1, rnd)
	return n
}

// NewStandard returns a network in the standard parametrization of Melamed
// et al. (2023): width m, input dimension d, W entries N(0, β²/d)
// (InitGaussian), output weights a_r = ±1/√m (InitSigns), Scale = 1, and
// zero biases if bias is true (nil biases otherwise). W is drawn first, then
// a. It panics if m or d is not positive or β < 0.
func NewStandard(m, d int, beta float64, bias bool, rnd *rand.Rand) *Net {
	if m <= 0 || d <= 0 {
		panic("relu: non-positive network size")
	}
	n := &Net{W: mat.NewDense(m, d, nil), A: make([]float64, m), Scale: 1}
	InitGaussian(n.W, beta, rnd)
	InitSigns(n.A, 1/math.Sqrt(float64(m)), rnd)
	if bias {
		n.B = make([]float64, m)
	}
	return n
}

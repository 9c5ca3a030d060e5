// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"context"
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
)

// famBenchStart returns the Δ(S_{d−1}×S₁) spurious minimum at d = 7.
func famBenchStart(b *testing.B) []float64 {
	fs := Family{Tail: []int{1}}.Space(7)
	u, _, err := fs.Newton([]float64{0.9969227988, -0.0350801559, 0.2616910758, -0.6327039049, 0.1859910463}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return u
}

// famBenchPoint continues the d = 7 minimum to d (untimed setup).
func famBenchPoint(b *testing.B, d float64) FamilyPoint {
	f := Family{Tail: []int{1}}
	pts, err := f.Continue(context.Background(), 7, famBenchStart(b), d, nil)
	if err != nil {
		b.Fatal(err)
	}
	return pts[len(pts)-1]
}

// BenchmarkReducedSpectrum: the full Hessian spectrum (d² eigenvalues with
// multiplicities) of the Δ(S_{d−1}×S₁) family at d from its isotypic
// components.
func BenchmarkReducedSpectrum(b *testing.B) {
	for _, d := range []float64{40, 1000} {
		b.Run(fmt.Sprintf("d=%v", d), func(b *testing.B) {
			p := famBenchPoint(b, d)
			b.ResetTimer()
			for b.Loop() {
				if _, err := p.Space.Spectrum(p.U); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDenseSpectrum: the same spectrum at d = 40 the dense way, the
// d²×d² Hessian from the closed forms and all its eigenvalues.
func BenchmarkDenseSpectrum(b *testing.B) {
	for _, d := range []float64{40} {
		b.Run(fmt.Sprintf("d=%v", d), func(b *testing.B) {
			p := famBenchPoint(b, d)
			W := p.Matrix()
			V := famEye(int(d))
			b.ResetTimer()
			for b.Loop() {
				var H mat.SymDense
				Hessian(&H, W, V)
				if _, err := linalg.EigenSym(&H, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFamilyContinuation: follow the Δ(S_{d−1}×S₁) family from its
// d = 7 minimum to d = 1000 (every integer d visited, each with its
// symmetry-reduced spectrum).
func BenchmarkFamilyContinuation(b *testing.B) {
	for _, d := range []float64{1000} {
		b.Run(fmt.Sprintf("d=%v", d), func(b *testing.B) {
			u := famBenchStart(b)
			f := Family{Tail: []int{1}}
			b.ResetTimer()
			for b.Loop() {
				if _, err := f.Continue(context.Background(), 7, u, d, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

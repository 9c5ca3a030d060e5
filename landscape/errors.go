// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"errors"
	"fmt"
)

// ErrZeroNeuron is the sentinel matched (with errors.Is) by every error
// reporting a zero student neuron: F is not differentiable at wᵢ = 0, so the
// gradient and Hessian are undefined there. The concrete error is a
// *ZeroNeuronError naming the row.
var ErrZeroNeuron = errors.New("landscape: zero neuron")

// ErrNotFinite is the sentinel matched by errors reporting a NaN or infinite
// entry in the input or an overflow in the result.
var ErrNotFinite = errors.New("landscape: non-finite value")

// ZeroNeuronError reports that row Row of the student weights W is the zero
// vector. It matches ErrZeroNeuron under errors.Is.
type ZeroNeuronError struct {
	Row int
}

func (e *ZeroNeuronError) Error() string {
	return fmt.Sprintf("landscape: neuron %d (row %d of W) is zero: F is not differentiable there", e.Row, e.Row)
}

// Is reports whether target is ErrZeroNeuron.
func (e *ZeroNeuronError) Is(target error) bool { return target == ErrZeroNeuron }

// NotFiniteError reports a NaN or ±Inf in What ("W", "V", "x", "loss",
// "gradient", …) at Row, Col (-1 when not applicable). It matches ErrNotFinite.
type NotFiniteError struct {
	What     string
	Row, Col int
}

func (e *NotFiniteError) Error() string {
	if e.Row < 0 {
		return fmt.Sprintf("landscape: non-finite %s", e.What)
	}
	return fmt.Sprintf("landscape: non-finite %s at (%d, %d)", e.What, e.Row, e.Col)
}

// Is reports whether target is ErrNotFinite.
func (e *NotFiniteError) Is(target error) bool { return target == ErrNotFinite }

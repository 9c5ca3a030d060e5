// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors returned (wrapped) by linalg functions. Test for them with
// errors.Is.
var (
	// ErrNotFinite reports a NaN or ±Inf in the input of a computation
	// (a matrix entry, or a value returned by an operator), where the
	// wrapping error is a *NotFiniteError that says where, or in its
	// result (an eigenvalue that overflows float64), where the error
	// names the eigenvalue.
	ErrNotFinite = errors.New("linalg: not finite")

	// ErrNoConvergence reports that an iterative eigensolver stopped before
	// meeting its convergence criterion.
	ErrNoConvergence = errors.New("linalg: no convergence")

	// ErrEmpty reports a 0×0 matrix where an eigenvalue problem needs n ≥ 1.
	ErrEmpty = errors.New("linalg: empty matrix")
)

// NotFiniteError describes a non-finite value found in an input. It matches
// ErrNotFinite under errors.Is.
type NotFiniteError struct {
	// What names the input: "matrix entry" or "operator output".
	What string
	// Row and Col locate the value. For a matrix entry they are the
	// position in the upper triangle (Row ≤ Col) that defines the
	// symmetric matrix. For an operator output Row is the component and
	// Col the number of the operator call (counted from 1).
	Row, Col int
	// Value is the offending value (NaN, +Inf or −Inf).
	Value float64
}

func (e *NotFiniteError) Error() string {
	if e.What == "operator output" {
		return fmt.Sprintf("linalg: not finite: operator output component %d is %v on call %d", e.Row, e.Value, e.Col)
	}
	return fmt.Sprintf("linalg: not finite: %s (%d, %d) is %v", e.What, e.Row, e.Col, e.Value)
}

// Is reports whether target is ErrNotFinite.
func (e *NotFiniteError) Is(target error) bool { return target == ErrNotFinite }

// isFinite reports whether v is neither NaN nor ±Inf.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && !cgo

package linalg

// The openblas build tag needs cgo (CGO_ENABLED=1 and a C compiler); this
// undefined name stops a build that asked for OpenBLAS but cannot link it.
var _ = openblasTagNeedsCgoEnabled

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package linalg provides the spectral tools relulab's studies are built on,
// over gonum's mat and lapack64 packages. It knows nothing about networks.
package linalg

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package landscape implements the teacher–student population loss of
// two-layer ReLU networks in closed form and the study of its critical points.
package landscape

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package adversarial measures and attacks two-layer ReLU classifiers off the
// subspace their data lie on.
package adversarial

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>

/// A light palette (Fusion's standard colours) with every role of every group set explicitly, for the tests that
/// check layout in light mode. Not the start-up palette: on some platforms (and after a dark palette was set) that
/// resolves to dark colours.
QPalette lightTestPalette();

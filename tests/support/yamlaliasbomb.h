// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

/// A YAML "billion laughs": `head` (e.g. "type: replication\n"), then nine levels of nine aliases, a few hundred
/// bytes that expand to 387 million values. Readers must refuse it instead of expanding it.
QByteArray yamlAliasBomb(const QByteArray &head);

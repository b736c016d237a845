// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class RelationshipDraft;

/// The `volsyncctl replication` commands (and the `kubectl` that creates a namespace) that set up what `draft`
/// describes, written with ReplicationFlags, the table the CLI parses with. For an existing relationship only
/// the steps that change it.
[[nodiscard]] QStringList commandLine(const RelationshipDraft &draft);

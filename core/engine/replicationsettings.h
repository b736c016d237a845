// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectname.h"
#include "replicationrelationship.h"

#include <QString>
#include <QStringList>

#include <optional>

/// What `set-source` takes (from flags or the GUI wizard), already validated.
struct SourceSettings {
    ObjectName pvc;
    QString copyMethod = QStringLiteral("Clone");
    QStringList accessModes;
    std::optional<QString> storageClassName;
    std::optional<QString> volumeSnapshotClassName;
    MoverSecurityContext moverSecurityContext; ///< rsync-TLS only
    /// The ReplicationSource name to use (the wizard draws it before, to preview it). Empty: the current one
    /// while the PVC stays the same, else a new `<pvc>-<random>`.
    std::optional<QString> rsName;
};

/// What `set-destination` takes, already validated.
struct DestinationSettings {
    ObjectName destination; ///< names the RD and, for Direct/None, the destination PVC
    QString copyMethod = QStringLiteral("Snapshot");
    std::optional<QString> capacity;
    QStringList accessModes;
    QString serviceType = QStringLiteral("ClusterIP");
    std::optional<QString> storageClassName;
    std::optional<QString> volumeSnapshotClassName;
    MoverSecurityContext moverSecurityContext; ///< rsync-TLS only
};

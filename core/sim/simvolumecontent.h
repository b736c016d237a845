// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <optional>

/// What a simulated volume holds: a short generation string that a test or the demo writes ("A", "B", …) and
/// a byte size. The simulator moves it as a real cluster moves data: a mover run copies the source's content
/// to the destination, a snapshot freezes it, a PVC restored from a snapshot or cloned from a PVC gets it.
/// It is never part of an API object: read and write it through the admin endpoint
/// (/_sim/volumes/namespaces/NS/persistentvolumeclaims/NAME).
struct SimVolumeContent {
    QString generation; ///< empty: a volume nothing was written to
    qint64 bytes = 0;

    [[nodiscard]] bool isEmpty() const { return generation.isEmpty() && bytes == 0; }
    [[nodiscard]] QJsonObject toJson() const;
    /// {"generation": "A", "bytes": 1024}; nullopt (with the reason in `error`) for anything else.
    [[nodiscard]] static std::optional<SimVolumeContent> fromJson(const QJsonObject &json, QString *error = nullptr);

    friend bool operator==(const SimVolumeContent &a, const SimVolumeContent &b)
    {
        return a.generation == b.generation && a.bytes == b.bytes;
    }
    friend bool operator!=(const SimVolumeContent &a, const SimVolumeContent &b) { return !(a == b); }
};

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simvolumecontent.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

/// The content of every volume of one simulated cluster, keyed by the uid of the object that holds it (a
/// PersistentVolumeClaim or a VolumeSnapshot): a recreated object with the same name starts empty, as a new
/// volume does. Kept beside the object store (SimStore::volumeContents) and saved with it.
class SimVolumeContents
{
public:
    /// The content of the object with this uid (empty when nothing was written).
    [[nodiscard]] SimVolumeContent value(const QString &uid) const { return mContents.value(uid); }
    [[nodiscard]] bool contains(const QString &uid) const { return mContents.contains(uid); }
    void set(const QString &uid, const SimVolumeContent &content) { mContents.insert(uid, content); }
    void remove(const QString &uid) { mContents.remove(uid); }
    [[nodiscard]] int size() const { return int(mContents.size()); }

    [[nodiscard]] QJsonObject toJson() const;
    /// Replaces everything with a saved document; entries that do not parse are left out.
    void fromJson(const QJsonObject &json);

private:
    QHash<QString, SimVolumeContent> mContents;
};

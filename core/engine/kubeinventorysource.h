// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inventorysource.h"

#include <QPointer>

class KubeSession;

/// InventorySource over a KubeSession: one LIST per call.
class KubeInventorySource : public InventorySource
{
public:
    explicit KubeInventorySource(KubeSession *session);
    void list(
        const QString &context, Kind kind, const QString &namespaceName, QObject *receiver, Callback callback) override;

private:
    QPointer<KubeSession> mSession;
};

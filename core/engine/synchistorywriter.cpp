// SPDX-License-Identifier: GPL-3.0-or-later
#include "synchistorywriter.h"

#include "common/logging.h"

#include <QThreadPool>

namespace {
QThreadPool *writerPool()
{
    // Destroyed at exit, which waits for the queued writes.
    static QThreadPool pool;
    static const bool configured = [] {
        pool.setMaxThreadCount(1);
        pool.setExpiryTimeout(5000);
        return true;
    }();
    Q_UNUSED(configured);
    return &pool;
}
} // namespace

void SyncHistoryWriter::append(const SyncHistory &history, const QString &relationshipId, const SyncRecord &record)
{
    writerPool()->start([history, relationshipId, record] {
        QString error;
        if (!history.append(relationshipId, record, &error))
            qCWarning(lcEngine).noquote() << "sync history:" << error;
    });
}

void SyncHistoryWriter::waitForDone()
{
    writerPool()->waitForDone();
}

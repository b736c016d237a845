// SPDX-License-Identifier: GPL-3.0-or-later
#include "waitfor.h"

#include "kube/kubereply.h"

#include <QSignalSpy>

KubeReply *waitFor(KubeReply *reply, int timeoutMs)
{
    reply->setAutoDelete(false);
    if (!reply->isFinished()) {
        QSignalSpy spy(reply, &KubeReply::finished);
        spy.wait(timeoutMs);
    }
    return reply;
}

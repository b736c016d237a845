// SPDX-License-Identifier: GPL-3.0-or-later
#include "runjob.h"

#include <QSignalSpy>

ReplicationResult runJob(ReplicationJob *job, int timeoutMs)
{
    QSignalSpy finished(job, &ReplicationJob::finished);
    job->start();
    if (!finished.wait(timeoutMs)) {
        job->cancel();
        finished.wait(2000);
    }
    const ReplicationResult result = job->result();
    job->deleteLater();
    return result;
}

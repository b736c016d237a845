// SPDX-License-Identifier: GPL-3.0-or-later
#include "peakmemory.h"

#include <QRegularExpression>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace PeakMemory {

namespace {
volatile pid_t gChild = 0;

void killChild(int)
{
    if (gChild > 0)
        ::kill(gChild, SIGKILL);
}
} // namespace

int runWrapperIfAsked(int argc, char **argv)
{
    if (argc < 3 || std::strcmp(argv[1], kOption) != 0)
        return -1;
    // Before the fork: a SIGUSR1 that comes early must not end the wrapper (exec resets it in the child).
    ::signal(SIGUSR1, killChild);
    const pid_t child = ::fork();
    if (child < 0)
        return 127;
    if (child == 0) {
        ::execv(argv[2], argv + 2);
        std::perror("exec");
        ::_exit(127);
    }
    gChild = child;
    int status = 0;
    struct rusage usage {
    };
    while (::wait4(child, &status, 0, &usage) < 0) { }
    std::fprintf(stderr, "\n%s%ld\n", kMarker, usage.ru_maxrss);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

qint64 takePeakKb(QString *stderrText)
{
    static const QRegularExpression kLine(QStringLiteral("\\n?PEAK-KB (\\d+)\\n?$"));
    const QRegularExpressionMatch match = kLine.match(*stderrText);
    if (!match.hasMatch())
        return -1;
    const qint64 peak = match.captured(1).toLongLong();
    stderrText->truncate(match.capturedStart());
    return peak;
}

} // namespace PeakMemory

// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simsignalwatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int gSignalFds[2] = {-1, -1};

extern "C" void writeSignal(int signalNumber)
{
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    const ssize_t written = ::write(gSignalFds[0], &byte, 1);
    (void)written;
}

} // namespace

SimSignalWatcher::SimSignalWatcher(const QList<int> &signalNumbers, QObject *parent)
    : QObject(parent)
    , mSignals(signalNumbers)
{
    if (gSignalFds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gSignalFds) != 0) {
        return;
    }
    ::fcntl(gSignalFds[0], F_SETFL, ::fcntl(gSignalFds[0], F_GETFL) | O_NONBLOCK);
    mNotifier = new QSocketNotifier(gSignalFds[1], QSocketNotifier::Read, this);
    connect(mNotifier, &QSocketNotifier::activated, this, &SimSignalWatcher::readSignal);
    mValid = true;
    for (const int number : std::as_const(mSignals)) {
        struct sigaction action = {};
        action.sa_handler = writeSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        mValid = ::sigaction(number, &action, nullptr) == 0 && mValid;
    }
}

SimSignalWatcher::~SimSignalWatcher()
{
    if (!mNotifier) {
        return;
    }
    for (const int number : std::as_const(mSignals)) {
        ::signal(number, SIG_DFL);
    }
    delete mNotifier;
    ::close(gSignalFds[0]);
    ::close(gSignalFds[1]);
    gSignalFds[0] = gSignalFds[1] = -1;
}

void SimSignalWatcher::readSignal()
{
    unsigned char byte = 0;
    if (::read(gSignalFds[1], &byte, 1) == 1) {
        Q_EMIT signalReceived(int(byte));
    }
}

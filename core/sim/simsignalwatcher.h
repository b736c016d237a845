// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

/// Turns POSIX signals (SIGINT, SIGTERM, ...) into a Qt signal, safely: the handler only writes to a socket
/// pair that a QSocketNotifier reads in the event loop. One instance at a time; the previous handlers are
/// restored by the destructor.
class SimSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SimSignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~SimSignalWatcher() override;

    /// False when the socket pair or a handler could not be set up.
    [[nodiscard]] bool isValid() const { return mValid; }

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void readSignal();

    QList<int> mSignals;
    QSocketNotifier *mNotifier = nullptr;
    bool mValid = false;
};

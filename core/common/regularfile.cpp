// SPDX-License-Identifier: GPL-3.0-or-later
#include "regularfile.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QString fileTypeName(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    return QStringLiteral("%1 KiB").arg(bytes / 1024);
}

} // namespace

bool readRegularFile(const QString &path, qint64 maxBytes, QByteArray *data, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer. It does not matter for regular files.
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    struct stat info {
    };
    if (::fstat(fd, &info) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return false;
    }
    if (!S_ISREG(info.st_mode)) {
        *error = QStringLiteral("it is %1, not a regular file").arg(fileTypeName(info.st_mode));
        ::close(fd);
        return false;
    }
    if (info.st_size > maxBytes) {
        *error = QStringLiteral("it is larger than %1 (%2 bytes)").arg(sizeText(maxBytes)).arg(qint64(info.st_size));
        ::close(fd);
        return false;
    }
    // The file may grow while we read: never read more than the limit.
    QByteArray buffer;
    buffer.resize(qsizetype(info.st_size) + 1);
    qint64 total = 0;
    while (true) {
        if (total == buffer.size()) {
            if (total > maxBytes)
                break;
            buffer.resize(qsizetype(std::min<qint64>(maxBytes + 1, total * 2 + 4096)));
        }
        const ssize_t got = ::read(fd, buffer.data() + total, size_t(buffer.size() - total));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *error = QString::fromLocal8Bit(std::strerror(errno));
            ::close(fd);
            return false;
        }
        if (got == 0)
            break;
        total += got;
    }
    ::close(fd);
    if (total > maxBytes) {
        *error = QStringLiteral("it is larger than %1").arg(sizeText(maxBytes));
        return false;
    }
    buffer.truncate(qsizetype(total));
    *data = buffer;
    return true;
}

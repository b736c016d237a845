// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleettopologywidget.h"

#include "fleetproxymodel.h"
#include "statusstyle.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cmath>
#include <numbers>

namespace {

constexpr int kMargin = 8;

/// Where `line` (from a box centre outwards) leaves `box`.
QPointF leaveBox(const QRectF &box, const QPointF &from, const QPointF &to)
{
    const QPointF d = to - from;
    double t = 1.0;
    if (std::abs(d.x()) > 1e-6)
        t = std::min(t, (box.width() / 2.0) / std::abs(d.x()));
    if (std::abs(d.y()) > 1e-6)
        t = std::min(t, (box.height() / 2.0) / std::abs(d.y()));
    return from + d * t;
}

double distanceToSegment(const QPointF &p, const QLineF &line)
{
    const QPointF d = line.p2() - line.p1();
    const double length2 = d.x() * d.x() + d.y() * d.y();
    if (length2 < 1e-9)
        return QLineF(p, line.p1()).length();
    const double t = std::clamp(QPointF::dotProduct(p - line.p1(), d) / length2, 0.0, 1.0);
    return QLineF(p, line.p1() + d * t).length();
}

} // namespace

FleetTopologyWidget::FleetTopologyWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("fleetTopology"));
    setAccessibleName(tr("Fleet topology"));
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void FleetTopologyWidget::setTopology(const FleetTopology &topology)
{
    if (topology.clusters == mTopology.clusters && topology.links == mTopology.links)
        return;
    mTopology = topology;
    forgetMeasures();
    QStringList words;
    for (const FleetTopology::Link &link : std::as_const(mTopology.links))
        words.append(link.description());
    setAccessibleDescription(words.join(QStringLiteral("; ")));
    updateGeometry();
    update();
}

QString FleetTopologyWidget::secondLine(const FleetTopology::Cluster &cluster)
{
    return cluster.unreachable ? tr("unreachable") : tr("%n entries", nullptr, cluster.entries);
}

void FleetTopologyWidget::forgetMeasures()
{
    mCachedBoxSize = QSize();
    mCachedWidth = -1;
}

QSize FleetTopologyWidget::boxSize() const
{
    // Measured once per topology and font: a paint asks for it per box and per arrow (20 clusters: ~100 times).
    if (!mCachedBoxSize.isValid())
        mCachedBoxSize = measureBoxSize();
    return mCachedBoxSize;
}

QSize FleetTopologyWidget::measureBoxSize() const
{
    const QFontMetrics metrics(font());
    int widest = metrics.horizontalAdvance(QStringLiteral("cluster-00"));
    // The context's name and the line under it ("25 entries", "unreachable") in full.
    for (const FleetTopology::Cluster &cluster : mTopology.clusters) {
        widest = std::max(widest, metrics.horizontalAdvance(cluster.context));
        widest = std::max(widest, metrics.horizontalAdvance(secondLine(cluster)));
    }
    return {std::min(widest, metrics.averageCharWidth() * 22) + 16, metrics.height() * 2 + 8};
}

int FleetTopologyWidget::radiusYFor(int width) const
{
    if (width == mCachedWidth)
        return mCachedRadiusY;
    mCachedWidth = width;
    mCachedRadiusY = computeRadiusY(width);
    return mCachedRadiusY;
}

int FleetTopologyWidget::computeRadiusY(int width) const
{
    // The boxes sit on an ellipse as wide as the widget; it is made as tall as needed for neighbours not to
    // overlap (a ring of replications then runs round it, every arrow between two neighbours).
    const qsizetype count = mTopology.clusters.size();
    const QSize box = boxSize();
    const double rx = std::max(0.0, (width - 2.0 * kMargin - box.width()) / 2.0);
    if (count <= 1)
        return 0;
    for (int ry = box.height(); ry < 20000; ry += 8) {
        bool overlap = false;
        for (qsizetype i = 0; i < count && !overlap; ++i) {
            const QPointF a = ellipsePoint(i, count, rx, ry);
            const QPointF b = ellipsePoint((i + 1) % count, count, rx, ry);
            overlap = std::abs(a.x() - b.x()) < box.width() + 10 && std::abs(a.y() - b.y()) < box.height() + 14;
        }
        if (!overlap)
            return ry;
    }
    return 20000;
}

QPointF FleetTopologyWidget::ellipsePoint(qsizetype index, qsizetype count, double rx, double ry)
{
    // Clockwise from the top.
    const double angle = -std::numbers::pi / 2.0 + 2.0 * std::numbers::pi * double(index) / double(count);
    return {rx * std::cos(angle), ry * std::sin(angle)};
}

int FleetTopologyWidget::heightForWidth(int width) const
{
    const qsizetype count = mTopology.clusters.size();
    if (count == 0)
        return 2 * kMargin + boxSize().height();
    return 2 * kMargin + boxSize().height() + 2 * radiusYFor(width);
}

QSize FleetTopologyWidget::sizeHint() const
{
    const int width = 2 * kMargin + 3 * (boxSize().width() + 40);
    return {width, heightForWidth(width)};
}

QSize FleetTopologyWidget::minimumSizeHint() const
{
    const int width = 2 * kMargin + 2 * boxSize().width() + 40;
    return {width, 2 * kMargin + boxSize().height()};
}

QRect FleetTopologyWidget::boxRect(int index) const
{
    const qsizetype count = mTopology.clusters.size();
    const QSize box = boxSize();
    const double rx = std::max(0.0, (width() - 2.0 * kMargin - box.width()) / 2.0);
    const int ry = radiusYFor(width());
    const QPointF centre(width() / 2.0, kMargin + box.height() / 2.0 + ry);
    const QPointF at = centre + ellipsePoint(index, count, rx, ry);
    QRect rect(QPoint(0, 0), box);
    rect.moveCenter(at.toPoint());
    return rect;
}

QLineF FleetTopologyWidget::linkLine(int index) const
{
    const FleetTopology::Link &link = mTopology.links.at(index);
    const int from = mTopology.indexOf(link.from);
    const int to = mTopology.indexOf(link.to);
    const QRectF a = boxRect(from);
    const QRectF b = boxRect(to);
    QPointF ca = a.center();
    QPointF cb = b.center();
    // Both directions between two clusters: two parallel arrows.
    bool reverse = false;
    for (const FleetTopology::Link &other : mTopology.links)
        reverse = reverse || (other.from == link.to && other.to == link.from);
    if (reverse) {
        const QLineF axis(ca, cb);
        QLineF normal = axis.normalVector();
        normal.setLength(5);
        const QPointF offset = normal.p2() - normal.p1();
        ca += offset;
        cb += offset;
    }
    return {leaveBox(a, ca, cb), leaveBox(b, cb, ca)};
}

void FleetTopologyWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    if (mTopology.clusters.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap,
            tr("No clusters watched yet."));
        return;
    }
    const QFontMetrics metrics(font());
    // Arrows under the boxes.
    for (int i = 0; i < mTopology.links.size(); ++i) {
        const FleetTopology::Link &link = mTopology.links.at(i);
        const QColor colour = StatusStyle::color(FleetProxyModel::kindOf(link.worst), pal);
        const int from = mTopology.indexOf(link.from);
        QPen pen(colour, RpoHealth::isAlarming(link.worst) ? 2.5 : 1.5);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        if (link.from == link.to) {
            // Within one cluster: a loop above its box.
            const QRectF box = boxRect(from);
            const QRectF loop(box.right() - 22, box.top() - 12, 16, 16);
            painter.drawArc(loop, 0, 270 * 16);
            painter.drawText(
                QPointF(loop.right() + 2, loop.top() + metrics.ascent() / 2.0), QString::number(link.relationships));
            continue;
        }
        const QLineF line = linkLine(i);
        painter.drawLine(line);
        // Arrowhead at the destination.
        QLineF back(line.p2(), line.p1());
        back.setLength(8);
        QLineF wingA(line.p2(), back.p2());
        wingA.setAngle(back.angle() + 25);
        QLineF wingB(line.p2(), back.p2());
        wingB.setAngle(back.angle() - 25);
        QPainterPath head;
        head.moveTo(line.p2());
        head.lineTo(wingA.p2());
        head.lineTo(wingB.p2());
        head.closeSubpath();
        painter.fillPath(head, colour);
        // The number of relationships at the middle, on the window's colour.
        const QString count = QString::number(link.relationships);
        // Not at the middle: the arrow back between the same two clusters has its number on the other side.
        const QPointF middle = line.pointAt(0.4);
        QRectF label(0, 0, metrics.horizontalAdvance(count) + 6, metrics.height());
        label.moveCenter(middle);
        painter.fillRect(label, pal.color(QPalette::Window));
        painter.drawText(label, Qt::AlignCenter, count);
    }
    // Boxes.
    for (int i = 0; i < mTopology.clusters.size(); ++i) {
        const FleetTopology::Cluster &cluster = mTopology.clusters.at(i);
        const QRectF box = QRectF(boxRect(i)).adjusted(0.5, 0.5, -0.5, -0.5);
        const StatusStyle::Kind kind = FleetProxyModel::kindOf(cluster.worst);
        QPen pen(StatusStyle::color(kind, pal), RpoHealth::isAlarming(cluster.worst) ? 2.0 : 1.2);
        if (cluster.unreachable)
            pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(pal.color(QPalette::Base));
        painter.drawRoundedRect(box, 5, 5);
        painter.setPen(pal.color(QPalette::Text));
        const QRectF text = box.adjusted(6, 3, -6, -3);
        painter.drawText(QRectF(text.left(), text.top(), text.width(), metrics.height()), Qt::AlignCenter,
            metrics.elidedText(cluster.context, Qt::ElideMiddle, int(text.width())));
        painter.setPen(StatusStyle::color(kind, pal));
        const QString line = secondLine(cluster);
        painter.drawText(QRectF(text.left(), text.top() + metrics.height(), text.width(), metrics.height()),
            Qt::AlignCenter, metrics.elidedText(line, Qt::ElideRight, int(text.width())));
    }
}

int FleetTopologyWidget::boxAt(const QPoint &point) const
{
    for (int i = 0; i < mTopology.clusters.size(); ++i) {
        if (boxRect(i).contains(point))
            return i;
    }
    return -1;
}

int FleetTopologyWidget::linkAt(const QPoint &point) const
{
    int best = -1;
    double bestDistance = 6.0;
    for (int i = 0; i < mTopology.links.size(); ++i) {
        const FleetTopology::Link &link = mTopology.links.at(i);
        if (link.from == link.to)
            continue;
        const double distance = distanceToSegment(point, linkLine(i));
        if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

bool FleetTopologyWidget::event(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        forgetMeasures();
        updateGeometry();
    }
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        QString text;
        if (const int box = boxAt(help->pos()); box >= 0) {
            const FleetTopology::Cluster &cluster = mTopology.clusters.at(box);
            text = cluster.unreachable
                ? tr("%1 cannot be reached; its entries show their last known state").arg(cluster.context)
                : tr("%1: %n entries, the worst %2. Click to show only this cluster.", nullptr, cluster.entries)
                      .arg(cluster.context, RpoHealth::stateName(cluster.worst));
        } else if (const int link = linkAt(help->pos()); link >= 0) {
            text = mTopology.links.at(link).description();
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void FleetTopologyWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (const int box = boxAt(event->position().toPoint()); box >= 0)
            Q_EMIT clusterClicked(mTopology.clusters.at(box).context);
    }
    QWidget::mouseReleaseEvent(event);
}

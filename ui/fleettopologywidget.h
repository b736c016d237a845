// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/fleettopology.h"

#include <QWidget>

/// The fleet as a small picture: each cluster a box (its border in the colour of its worst entry, dashed when it
/// cannot be reached), each cluster pair with relationships an arrow in the colour of its worst relationship, and
/// the number of relationships beside it. Boxes sit on a ring as wide as the widget and as tall as they need
/// (heightForWidth), in name order, so a ring of replications runs round it; a tooltip
/// tells a box's or an arrow's counts in words, a click on a box asks to filter the fleet by that cluster.
/// Shows FleetTopology; decides nothing.
class FleetTopologyWidget : public QWidget
{
    Q_OBJECT
public:
    explicit FleetTopologyWidget(QWidget *parent = nullptr);

    void setTopology(const FleetTopology &topology);
    [[nodiscard]] const FleetTopology &topology() const { return mTopology; }
    /// Where cluster `index` is drawn (for tests and hit tests).
    [[nodiscard]] QRect boxRect(int index) const;

    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override;
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

Q_SIGNALS:
    void clusterClicked(const QString &context);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    [[nodiscard]] QSize boxSize() const;
    [[nodiscard]] QSize measureBoxSize() const;
    /// After the topology or the font changed.
    void forgetMeasures();
    /// The line under a box's context: "25 entries" or "unreachable".
    [[nodiscard]] static QString secondLine(const FleetTopology::Cluster &cluster);
    /// The vertical radius of the ring of boxes at `width`.
    [[nodiscard]] int radiusYFor(int width) const;
    [[nodiscard]] int computeRadiusY(int width) const;
    [[nodiscard]] static QPointF ellipsePoint(qsizetype index, qsizetype count, double rx, double ry);
    [[nodiscard]] int boxAt(const QPoint &point) const;
    [[nodiscard]] int linkAt(const QPoint &point) const;
    /// The segment an arrow is drawn along (from box edge to box edge), offset sideways when both directions exist.
    [[nodiscard]] QLineF linkLine(int index) const;

    FleetTopology mTopology;
    mutable QSize mCachedBoxSize; ///< boxSize(); invalid until measured
    mutable int mCachedWidth = -1; ///< radiusYFor() of the last width asked
    mutable int mCachedRadiusY = 0;
};

// The views that need antd, in one lazily loaded chunk (see components/AntScope).
import { withAnt } from "../components/AntScope";
import SlipDetailPage from "./SlipDetail";
import SettingsDrawerView from "../components/SettingsDrawer";
import LibraryDrawerView from "../components/library/LibraryDrawer";

export const SlipDetail = withAnt(SlipDetailPage);
export const SettingsDrawer = withAnt(SettingsDrawerView);
export const LibraryDrawer = withAnt(LibraryDrawerView);

import type { ThemeConfig } from 'antd';

/** 政务蓝 government blue as the primary colour; red is kept for dishonesty warnings. */
export const PRIMARY_COLOR = '#1d58a8';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY_COLOR,
    colorLink: PRIMARY_COLOR,
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: PRIMARY_COLOR, bodyBg: '#f3f5f8', footerBg: '#233247' },
  },
};

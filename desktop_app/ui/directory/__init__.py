"""The commune's directory: the Đơn vị and Xóm tabs, their dialogs and tables."""

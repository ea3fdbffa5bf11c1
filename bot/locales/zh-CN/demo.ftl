demo-wrote = 已写入：{ $path }
